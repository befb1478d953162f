/**
 * The revisions of a file: the original and each incremental update, found from the chain of
 * cross-reference sections (not by searching for "%%EOF", which may occur inside a stream). A
 * revision ends after the "%%EOF" that follows its section; what it changed is what its section
 * lists.
 */
import { malformed } from '../errors';
import type { PdfDocument } from '../pdf/pdf-document';
import type { XrefSection } from '../pdf/xref-entry';

/** A trailer's /Size above this is refused: object numbers are enumerated up to it. */
const MAX_SIZE = 8_000_000;

export interface Revision {
  /** 1-based, in file order. */
  number: number;
  /** Just after "%%EOF". */
  eofEnd: number;
  /** After the end of line that follows "%%EOF", if any: where the next revision starts. */
  end: number;
  /** Where its cross-reference section starts (what its startxref names). */
  xrefOffset: number;
  sections: XrefSection[];
}

export function readRevisions(document: PdfDocument, pdf: Buffer): Revision[] {
  const sections = document.xref.sections;
  const hybridStreams = new Set<number>();
  for (const section of sections) {
    const stream = section.trailer.get('XRefStm');
    if (section.kind === 'table' && typeof stream === 'number') hybridStreams.add(stream);
  }
  const revisions: Omit<Revision, 'number'>[] = [];
  for (const section of sections) {
    if (hybridStreams.has(section.offset)) {
      // The cross-reference stream of a hybrid file belongs to the table that names it.
      revisions.find((revision) => revision.sections[0].trailer.get('XRefStm') === section.offset)?.sections.push(section);
      continue;
    }
    const eof = pdf.indexOf('%%EOF', section.offset, 'latin1');
    const eofEnd = eof < 0 ? pdf.length : eof + 5;
    let end = eofEnd;
    if (pdf[end] === 0x0d) end++;
    if (pdf[end] === 0x0a) end++;
    revisions.push({ eofEnd, end, xrefOffset: section.offset, sections: [section] });
  }
  revisions.sort((a, b) => a.end - b.end);
  return revisions.map((revision, i) => ({ ...revision, number: i + 1 }));
}

/** The revision a byte range ends with, if it ends exactly at one's end ("%%EOF", with or without its end of line). */
export function revisionEndingAt(revisions: Revision[], end: number): Revision | undefined {
  return revisions.find((revision) => end >= revision.eofEnd && end <= revision.end);
}

/** The object numbers a section lists (in use or freed). */
export function objectsListed(section: XrefSection): number[] {
  const size = section.trailer.get('Size');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_SIZE) throw malformed('a cross-reference section has no usable /Size');
  const listed: number[] = [];
  for (let num = 1; num < size; num++) if (section.lookup(num) !== undefined) listed.push(num);
  return listed;
}
