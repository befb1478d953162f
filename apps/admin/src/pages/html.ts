/** Server-rendered pages: the first-party primitives (escaping, bilingual text, tables…). */
import { table as firstPartyTable, type TableOptions } from '@theqa/first-party-web';
import type { Language } from '@theqa/kernel';

export { both, csrfField, dateTime, escapeHtml, ltr, notice, t } from '@theqa/first-party-web';

/**
 * A table with a caption and column headers; cells are HTML already escaped by the caller. Every
 * console table is a wide one: its scrolling wrapper focusable and named, so a keyboard can scroll it.
 */
export function table(lang: Language, options: Omit<TableOptions, 'testId' | 'focusable'> & { testId: string }): string {
  return firstPartyTable(lang, { ...options, focusable: true });
}
