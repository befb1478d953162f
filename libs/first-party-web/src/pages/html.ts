/** Server-rendered pages: every value goes through `escapeHtml`, and a page is a plain string. */
import { escapeHtml } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';

export { escapeHtml };

/** A bilingual text in the page's language, escaped. */
export const t = (text: Bilingual, lang: Language): string => escapeHtml(text[lang]);

/** Both languages at once, for the pages that must be read whatever the language (a refused form). */
export const both = (text: Bilingual): string => `<span lang="ar" dir="rtl">${escapeHtml(text.ar)}</span> — <span lang="en" dir="ltr">${escapeHtml(text.en)}</span>`;

/** Left-to-right values inside Arabic text (civil numbers, serials, codes, ids), isolated. */
export const ltr = (value: unknown): string => `<bdi dir="ltr">${escapeHtml(value)}</bdi>`;

/** The platform's time zone: what a person in Oman reads on a clock. */
export const TIME_ZONE = 'Asia/Muscat';

export function dateTime(date: Date, lang: Language): string {
  const text = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE }).format(date);
  return `<time datetime="${date.toISOString()}">${escapeHtml(text)}</time>`;
}

export interface TableOptions {
  caption: Bilingual;
  columns: Bilingual[];
  rows: string[][];
  empty: Bilingual;
  testId?: string;
  /**
   * The scrolling wrapper focusable and named after the caption, so that a keyboard can scroll a wide
   * table (WCAG 2.1.1, axe's scrollable-region-focusable).
   */
  focusable?: boolean;
}

/** A table with a caption and column headers; cells are HTML already escaped by the caller. */
export function table(lang: Language, options: TableOptions): string {
  const testId = options.testId ? ` data-testid="${escapeHtml(options.testId)}"` : '';
  if (!options.rows.length) return `<p class="empty"${testId}>${t(options.empty, lang)}</p>`;
  const wrap = options.focusable ? ` tabindex="0" role="region" aria-label="${t(options.caption, lang)}"` : '';
  return `<div class="table-wrap"${wrap}><table${testId}>
<caption>${t(options.caption, lang)}</caption>
<thead><tr>${options.columns.map((c) => `<th scope="col">${t(c, lang)}</th>`).join('')}</tr></thead>
<tbody>${options.rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}</tbody>
</table></div>`;
}

/** The hidden field every state-changing form carries. */
export const csrfField = (token: string): string => `<input type="hidden" name="csrf" value="${escapeHtml(token)}">`;

/** A message after an action (renamed, reported, withdrawn), announced politely. */
export const notice = (lang: Language, text: Bilingual, kind: 'success' | 'warning' = 'success'): string =>
  `<div class="notice ${kind}" role="status"><p>${t(text, lang)}</p></div>`;
