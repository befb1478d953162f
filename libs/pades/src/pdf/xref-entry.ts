/** One cross-reference entry (§7.5.4, §7.5.8.3), and a section of them read lazily. */
import type { PdfDict } from './objects';

export type XrefEntry =
  | { type: 'free' }
  | { type: 'offset'; offset: number; gen: number }
  | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  kind: 'table' | 'stream';
  /** Where the section starts (what `startxref` or `/Prev` names). */
  offset: number;
  trailer: PdfDict;
  /** The entry for `num` in this section, or undefined when the section does not list it. */
  lookup(num: number): XrefEntry | undefined;
}
