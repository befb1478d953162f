/**
 * A classic cross-reference table (§7.5.4). Entries have a fixed width, so a subsection is recorded
 * by where it starts and an entry is read only when asked for: opening a file with tens of thousands
 * of objects costs one pass over the subsection headers, not one parse per object.
 */
import { malformed } from '../errors';
import { isWhitespace } from './lexer';
import { PdfDict } from './objects';
import { Parser } from './parser';
import type { Segment } from './pdf-source';
import type { XrefEntry, XrefSection } from './xref-entry';

interface Subsection {
  first: number;
  count: number;
  /** Local offset (in the segment's buffer) of the first entry. */
  start: number;
  width: number;
}

export function readXrefTable(segment: Segment, offset: number): XrefSection {
  const buffer = segment.buffer;
  const parser = new Parser(buffer, offset - segment.start + 'xref'.length);
  const subsections: Subsection[] = [];
  for (;;) {
    const token = parser.next();
    if (token.kind === 'keyword' && token.value === 'trailer') break;
    const count = parser.next();
    if (token.kind !== 'number' || !token.integer || token.value < 0 || count.kind !== 'number' || !count.integer || count.value < 0) {
      throw malformed(`malformed cross-reference subsection at ${segment.start + token.start}`);
    }
    parser.lexer.skipWhitespace();
    const start = parser.lexer.pos;
    const width = count.value > 0 ? entryWidth(buffer, start) : 20;
    if (start + count.value * width > buffer.length + 2) throw malformed('a cross-reference table runs past the end of the file');
    subsections.push({ first: token.value, count: count.value, start, width });
    parser.lexer.pos = start + count.value * width;
  }
  const trailer = parser.parseObject();
  if (!(trailer instanceof PdfDict)) throw malformed('the trailer is not a dictionary');
  return {
    kind: 'table',
    offset,
    trailer,
    lookup(num) {
      for (const sub of subsections) {
        if (num >= sub.first && num < sub.first + sub.count) return readEntry(buffer, sub.start + (num - sub.first) * sub.width, segment.start);
      }
      return undefined;
    },
  };
}

/** 20 bytes as the standard says; some writers end entries with one byte (19) or three (21). */
function entryWidth(buffer: Buffer, start: number): number {
  let width = 18;
  while (width < 21 && start + width < buffer.length && isWhitespace(buffer[start + width])) width++;
  if (width === 18) throw malformed(`malformed cross-reference entry at ${start}`);
  return width;
}

function readEntry(buffer: Buffer, at: number, base: number): XrefEntry {
  const text = buffer.toString('latin1', at, at + 18);
  const match = /^(\d{10}) (\d{5}) ([nf])/.exec(text);
  if (!match) throw malformed(`malformed cross-reference entry at ${base + at}`);
  if (match[3] === 'f') return { type: 'free' };
  return { type: 'offset', offset: Number(match[1]), gen: Number(match[2]) };
}
