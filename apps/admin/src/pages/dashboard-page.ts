import { ROLE_NAMES, type PendingProposal } from '@theqa/administration';
import type { Bilingual, Language } from '@theqa/kernel';
import { barChartSvg, chartTable, type Dashboard, type DailySeries } from '@theqa/platform-statistics';
import { escapeHtml, ltr, t } from './html';
import { layout, type PageContext } from './layout';

/** The platform's activity per day, as the dashboard shows it: the counts, or why the range was refused. */
export interface DashboardActivity {
  /** Whether the administrator chose the range (else the last 30 days). */
  asked: boolean;
  values: { from: string; to: string };
  timeZone: string;
  dashboard?: Dashboard;
  error?: Bilingual;
}

const CHARTS = ['enrolments', 'logins', 'signatures', 'revocations'] as const;

/** One chart: the SVG drawn on the server (no script), its total, and the same numbers as a table. */
function chart(lang: Language, name: (typeof CHARTS)[number], series: DailySeries): string {
  const perParty =
    name === 'logins' && series.series.length
      ? `<ul class="per-party" data-testid="logins-per-rp">${series.series
          .map((s) => {
            const total = s.counts.reduce((a, b) => a + b, 0);
            return `<li data-client="${escapeHtml(s.key)}" data-total="${total}">${t(s.label, lang)} (${ltr(s.key)}): ${total}</li>`;
          })
          .join('')}</ul>`
      : '';
  return `<figure class="chart" data-testid="chart-${name}" data-total="${series.total}">
<figcaption><strong>${t(series.title, lang)}</strong> — ${t(series.description, lang)}: ${t({ ar: `المجموع ${series.total}`, en: `${series.total} in total` }, lang)}</figcaption>
<div class="chart-picture">${barChartSvg(series, { language: lang, id: name })}</div>
${perParty}
<details><summary>${t({ ar: `أرقام «${series.title.ar}» في جدول`, en: `The numbers of “${series.title.en}” as a table` }, lang)}</summary>
<div class="table-wrap" tabindex="0" role="region" aria-label="${t(series.title, lang)}">${chartTable(series, { language: lang })}</div></details>
</figure>`;
}

function activitySection(lang: Language, activity: DashboardActivity): string {
  const { values, dashboard } = activity;
  const invalid = activity.error ? ' aria-invalid="true" aria-describedby="range-error"' : '';
  const input = (name: 'from' | 'to', label: Bilingual) =>
    `<div class="field"><label for="range-${name}">${t(label, lang)}</label><input type="date" id="range-${name}" name="${name}" value="${escapeHtml(values[name])}" dir="ltr"${invalid}></div>`;
  return `<section aria-labelledby="activity-heading">
<h2 id="activity-heading">${t({ ar: 'نشاط المنصة في كل يوم', en: 'The platform\'s activity per day' }, lang)}</h2>
${activity.error ? `<div class="notice warning" role="alert" id="range-error" data-testid="range-error"><p>${t(activity.error, lang)}</p></div>` : ''}
<form method="get" action="/admin" class="range-form" data-testid="range-form">
${input('from', { ar: 'من يوم', en: 'From day' })}
${input('to', { ar: 'إلى يوم (شامل)', en: 'To day (included)' })}
<div class="field"><button type="submit">${t({ ar: 'عرض', en: 'Show' }, lang)}</button></div>
</form>
${
  dashboard
    ? `<p data-testid="range" data-from="${escapeHtml(dashboard.range.from)}" data-to="${escapeHtml(dashboard.range.to)}">${t(
        { ar: `من ${dashboard.range.from} إلى ${dashboard.range.to}، والأيام بتوقيت ${dashboard.timeZone}.`, en: `From ${dashboard.range.from} to ${dashboard.range.to}, days in ${dashboard.timeZone} time.` },
        lang,
      )}</p>
${CHARTS.map((name) => chart(lang, name, dashboard[name])).join('\n')}`
    : ''
}
</section>`;
}

/**
 * The console's first page: who is logged in, with which roles, what waits for them, and — for every
 * role the permission table gives `statistics.view` — the platform's activity per day.
 */
export function dashboardPage(context: PageContext & { session: NonNullable<PageContext['session']> }, pending: PendingProposal[], activity?: DashboardActivity): string {
  const { lang, session } = context;
  const name = session.names[lang] ?? session.names[lang === 'ar' ? 'en' : 'ar'];
  const mine = pending.filter((p) => p.mayDecide).length;
  return layout(context, {
    title: { ar: 'لوحة الإدارة', en: 'Console' },
    body: `<dl class="facts" data-testid="administrator">
<dt>${t({ ar: 'الاسم', en: 'Name' }, lang)}</dt><dd>${name ? escapeHtml(name) : '—'}</dd>
<dt>${t({ ar: 'الرقم المدني', en: 'Civil number' }, lang)}</dt><dd>${ltr(session.civilNumber)}</dd>
<dt>${t({ ar: 'الأدوار', en: 'Roles' }, lang)}</dt><dd><ul class="details" data-testid="roles">${session.administrator.roles.map((role) => `<li data-role="${role}">${t(ROLE_NAMES[role], lang)}</li>`).join('')}</ul></dd>
</dl>
<h2>${t({ ar: 'طلبات تنتظر موافقتك', en: 'Waiting for your approval' }, lang)}</h2>
<p data-testid="pending-count" data-count="${mine}">${t(
      mine === 0
        ? { ar: 'لا توجد طلبات تنتظر موافقتك.', en: 'Nothing is waiting for your approval.' }
        : { ar: `${mine.toLocaleString('ar-OM')} من الطلبات تنتظر موافقة مسؤول ثانٍ يمكنك أن تكونه.`, en: `${mine} proposal(s) wait for a second administrator, which you can be.` },
      lang,
    )} <a href="/admin/approvals">${t({ ar: 'طلبات الموافقة', en: 'Approvals' }, lang)}</a></p>
${activity ? activitySection(lang, activity) : ''}`,
  });
}
