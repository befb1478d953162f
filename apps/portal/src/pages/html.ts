/** Server-rendered pages: the first-party primitives (escaping, bilingual text, tables…) and the portal's own. */
import { escapeHtml, t, TIME_ZONE } from '@theqa/first-party-web';
import type { Bilingual, Language } from '@theqa/kernel';

export { both, csrfField, dateTime, escapeHtml, ltr, notice, t, table } from '@theqa/first-party-web';

export function dateOnly(date: Date, lang: Language): string {
  const text = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
  return `<time datetime="${date.toISOString()}">${escapeHtml(text)}</time>`;
}

/** Label–value pairs, read as a description list. */
export function facts(lang: Language, rows: Array<[Bilingual, string | undefined]>): string {
  const shown = rows.filter(([, value]) => value !== undefined && value !== '');
  return `<dl class="facts">${shown.map(([label, value]) => `<dt>${t(label, lang)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

/** A status as a labelled badge (colour is never the only sign: the word is there). */
export const badge = (kind: string, text: Bilingual, lang: Language): string => `<span class="badge ${escapeHtml(kind)}">${t(text, lang)}</span>`;

/** What went wrong with a form, at the top of the page, each message linking to its field. */
export function errorSummary(lang: Language, errors: Array<{ field: string; message: Bilingual }>): string {
  if (!errors.length) return '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${t({ ar: 'يوجد خطأ', en: 'There is a problem' }, lang)}</h2>
<ul>${errors.map((e) => `<li><a href="#${escapeHtml(e.field)}">${t(e.message, lang)}</a></li>`).join('')}</ul>
</div>`;
}
