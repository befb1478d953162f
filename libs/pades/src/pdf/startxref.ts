/** The header and the `startxref` at the end of the file: where reading begins (§7.5.2, §7.5.5). */
import { PdfError, malformed } from '../errors';
import type { PdfSource } from './pdf-source';

/** How far from the end `startxref` is looked for: some writers leave junk after `%%EOF`. */
const TAIL = 4096;

export function readHeaderVersion(source: PdfSource): string {
  if (source.length === 0) throw new PdfError('pdf-not-a-pdf', 'the file is empty');
  const head = source.segments[0].buffer.toString('latin1', 0, Math.min(16, source.segments[0].buffer.length));
  const match = /^%PDF-(\d\.\d)/.exec(head);
  if (!match) {
    const later = source.segments[0].buffer.indexOf('%PDF-', 0, 'latin1');
    if (later > 0 && later < 1024) throw malformed('the file has bytes before its %PDF header');
    throw new PdfError('pdf-not-a-pdf', 'the file does not begin with a %PDF header');
  }
  return match[1];
}

export function findStartXref(source: PdfSource): number {
  const from = Math.max(0, source.length - TAIL);
  const tail = source.slice(from, source.length).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw malformed('no "startxref" near the end of the file');
  const match = /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!match) throw malformed('"startxref" is not followed by an offset');
  const offset = Number(match[1]);
  if (offset >= source.length) throw malformed(`"startxref" points past the end of the file (${offset})`);
  return offset;
}
