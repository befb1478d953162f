import type { CertificatePage, CertificateQuery } from '@theqa/ca-service';
import type { Bilingual } from '@theqa/kernel';
import { STATUS_NAMES, inputError, statusBadge } from './ca-labels';
import { dateTime, escapeHtml, ltr, t, table } from './html';
import { layout, type PageContext } from './layout';

/** The filters of a search as the form sends them (the page shows them back as typed). */
export type CertificateFilters = Pick<CertificateQuery, 'civilNumber' | 'serial' | 'status' | 'ca' | 'profile'>;

export const CERTIFICATE_FILTERS = ['civilNumber', 'serial', 'status', 'ca', 'profile'] as const;

/**
 * The certificate search: the filters (civil number, serial or its beginning, status, CA, profile),
 * the certificates found newest first, and a link to the older ones. Bad input re-shows the form with
 * the error in both languages.
 */
export function certificateSearchPage(
  context: PageContext,
  view: { filters: CertificateFilters; cas: string[]; page?: CertificatePage; error?: Bilingual; searched: boolean },
): string {
  const { lang } = context;
  const { filters } = view;
  const text = (name: 'civilNumber' | 'serial' | 'profile', label: Bilingual, extra = '') =>
    `<div class="field"><label for="${name}">${t(label, lang)}</label><input type="text" id="${name}" name="${name}" dir="ltr" value="${escapeHtml(filters[name] ?? '')}"${extra}></div>`;
  const option = (value: string, label: string, chosen: string | undefined) => `<option value="${escapeHtml(value)}"${chosen === value ? ' selected' : ''}>${label}</option>`;
  const form = `<form method="get" action="/admin/ca/certificates" class="search" data-testid="certificate-search">
<div class="fields">
${text('civilNumber', { ar: 'الرقم المدني', en: 'Civil number' }, ' inputmode="numeric" maxlength="20" autocomplete="off"')}
${text('serial', { ar: 'الرقم التسلسلي أو بدايته', en: 'Serial number or its beginning' }, ' maxlength="80" autocomplete="off"')}
<div class="field"><label for="status">${t({ ar: 'الحالة', en: 'Status' }, lang)}</label><select id="status" name="status">${option('', t({ ar: 'الكل', en: 'Any' }, lang), filters.status ?? '')}${(Object.keys(STATUS_NAMES) as Array<keyof typeof STATUS_NAMES>).map((s) => option(s, t(STATUS_NAMES[s], lang), filters.status)).join('')}</select></div>
<div class="field"><label for="ca">${t({ ar: 'جهة التصديق', en: 'CA' }, lang)}</label><select id="ca" name="ca">${option('', t({ ar: 'الكل', en: 'Any' }, lang), filters.ca ?? '')}${view.cas.map((ca) => option(ca, escapeHtml(ca), filters.ca)).join('')}</select></div>
${text('profile', { ar: 'ملف الشهادة', en: 'Profile' }, ' maxlength="63" autocomplete="off"')}
</div>
<button type="submit">${t({ ar: 'بحث', en: 'Search' }, lang)}</button>
</form>`;
  const results = view.page
    ? table(lang, {
        caption: view.searched ? { ar: 'الشهادات المطابقة، الأحدث أولاً', en: 'Matching certificates, newest first' } : { ar: 'أحدث الشهادات', en: 'The newest certificates' },
        columns: [
          { ar: 'الرقم التسلسلي', en: 'Serial number' },
          { ar: 'صاحبها / الرقم المدني', en: 'Subject / civil number' },
          { ar: 'الملف', en: 'Profile' },
          { ar: 'جهة التصديق', en: 'CA' },
          { ar: 'الحالة', en: 'Status' },
          { ar: 'تنتهي في', en: 'Expires' },
        ],
        rows: view.page.certificates.map((c) => [
          `<a href="/admin/ca/certificates/${escapeHtml(c.serialHex)}" data-serial="${escapeHtml(c.serialHex)}"><code dir="ltr">${escapeHtml(c.serialHex)}</code></a>`,
          `${escapeHtml(c.subject)}${c.civilNumber ? `<br>${ltr(c.civilNumber)}` : ''}`,
          ltr(c.profile),
          ltr(c.ca),
          statusBadge(c.status, c.reason, lang),
          dateTime(c.notAfter, lang),
        ]),
        empty: { ar: 'لا توجد شهادات تطابق البحث.', en: 'No certificate matches the search.' },
        testId: 'certificates',
      })
    : '';
  const older = view.page?.next
    ? `<p><a href="${escapeHtml(olderHref(filters, view.page.next))}" rel="next" data-testid="older">${t({ ar: 'الشهادات الأقدم', en: 'Older certificates' }, lang)}</a></p>`
    : '';
  return layout(context, {
    title: { ar: 'البحث في الشهادات', en: 'Certificate search' },
    body: `${view.error ? inputError(view.error) : ''}${form}${results}${older}`,
  });
}

function olderHref(filters: CertificateFilters, after: string): string {
  const query = new URLSearchParams();
  for (const name of CERTIFICATE_FILTERS) if (filters[name]) query.set(name, filters[name]);
  query.set('after', after);
  return `/admin/ca/certificates?${query.toString()}`;
}
