/**
 * The chain of cross-reference sections, newest first: the one `startxref` names, then each `/Prev`,
 * with a hybrid file's `/XRefStm` read right after the table that names it (§7.5.8.4).
 */
import { malformed } from '../errors';
import { PdfDict, type PdfObject } from './objects';
import type { PdfSource } from './pdf-source';
import type { XrefEntry, XrefSection } from './xref-entry';
import { readXrefStream } from './xref-stream';
import { readXrefTable } from './xref-table';

const MAX_SECTIONS = 10_000;

export class XrefChain {
  private constructor(readonly sections: readonly XrefSection[]) {}

  static read(source: PdfSource, startxref: number): XrefChain {
    const sections: XrefSection[] = [];
    const visited = new Set<number>();
    let offset: number | undefined = startxref;
    while (offset !== undefined) {
      if (visited.has(offset)) break; // A /Prev loop: everything it names is already read.
      if (sections.length > MAX_SECTIONS) throw malformed('too many cross-reference sections');
      visited.add(offset);
      const section = readSection(source, offset);
      sections.push(section);
      const stream = offsetIn(section.trailer, 'XRefStm', source);
      if (section.kind === 'table' && stream !== undefined && !visited.has(stream)) {
        visited.add(stream);
        sections.push(readXrefStream(source.locate(stream), stream));
      }
      offset = offsetIn(section.trailer, 'Prev', source);
    }
    return new XrefChain(sections);
  }

  /**
   * The newest entry in use for `num`. A free entry does not end the search: hybrid files mark the
   * objects of their object streams free in the table that older readers see.
   */
  lookup(num: number): XrefEntry | undefined {
    for (const section of this.sections) {
      const entry = section.lookup(num);
      if (entry && entry.type !== 'free') return entry;
    }
    return undefined;
  }

  /** A trailer key from the newest trailer that has it. */
  trailerValue(key: string): PdfObject | undefined {
    for (const section of this.sections) {
      const value = section.trailer.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  get newest(): XrefSection {
    return this.sections[0];
  }
}

function readSection(source: PdfSource, offset: number): XrefSection {
  const segment = source.locate(offset);
  let local = offset - segment.start;
  // Tolerate whitespace in front of the keyword: some writers point at the end of line before it.
  while (local < segment.buffer.length && (segment.buffer[local] === 0x0a || segment.buffer[local] === 0x0d || segment.buffer[local] === 0x20)) local++;
  if (segment.buffer.toString('latin1', local, local + 4) === 'xref') return readXrefTable(segment, segment.start + local);
  return readXrefStream(segment, offset);
}

function offsetIn(trailer: PdfDict, key: string, source: PdfSource): number | undefined {
  const value = trailer.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= source.length) throw malformed(`invalid /${key} in a trailer`);
  return value;
}
