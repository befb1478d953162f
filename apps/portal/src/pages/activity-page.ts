import type { Bilingual } from '@theqa/kernel';
import { dateTime, escapeHtml, ltr, t, table } from './html';
import { layout, type PageContext } from './layout';

export interface ActivityLine {
  occurredAt: Date;
  title: Bilingual;
  detail?: Bilingual;
  device?: string;
}

/** Newest first, a page at a time; the links need no script. */
export function activityPage(context: PageContext, view: { lines: ActivityLine[]; older?: string; paged: boolean }): string {
  const { lang } = context;
  const rows = view.lines.map((line) => [dateTime(line.occurredAt, lang), t(line.title, lang), line.detail ? t(line.detail, lang) : '—', line.device ? ltr(line.device) : '—']);
  const links = [
    view.paged ? `<a href="/portal/activity">${t({ ar: 'الأحدث', en: 'Newest' }, lang)}</a>` : '',
    view.older ? `<a href="/portal/activity?before=${encodeURIComponent(view.older)}" rel="next">${t({ ar: 'الأقدم', en: 'Older' }, lang)}</a>` : '',
  ].filter(Boolean);
  return layout(context, {
    title: { ar: 'سجل النشاط', en: 'Activity' },
    section: 'activity',
    body: `<p>${t({ ar: 'ما جرى بهويتك الرقمية: تسجيلات الدخول، والموافقات، والتوقيعات، والتسجيل، والأجهزة والشهادات، والرقم السري.', en: 'What happened with your digital identity: logins, consents, signatures, registration, devices and certificates, the PIN.' }, lang)}</p>
${table(lang, {
  caption: { ar: 'الأحداث، الأحدث أولاً', en: 'Events, newest first' },
  columns: [
    { ar: 'الوقت', en: 'Time' },
    { ar: 'الحدث', en: 'Event' },
    { ar: 'التفاصيل', en: 'Details' },
    { ar: 'الجهاز', en: 'Device' },
  ],
  rows,
  empty: { ar: 'لا توجد أحداث في هذه الصفحة.', en: 'No event on this page.' },
  testId: 'activity',
})}
${links.length ? `<nav class="pagination" aria-label="${escapeHtml(lang === 'ar' ? 'صفحات السجل' : 'Activity pages')}">${links.join('')}</nav>` : ''}`,
  });
}
