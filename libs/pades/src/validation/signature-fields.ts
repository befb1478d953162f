/**
 * The signatures of a document: its signature fields' values, in the form as the last revision leaves
 * it, each with its dictionary's /ByteRange and where its /Contents hex string lies in the file (the
 * one gap a byte range may leave).
 */
import { formFields } from '../form/fields';
import { Lexer } from '../pdf/lexer';
import { PdfDict, PdfRef, PdfString, type PdfObject } from '../pdf/objects';
import { Parser } from '../pdf/parser';
import type { PdfDocument } from '../pdf/pdf-document';
import { decodeTextString } from '../pdf/text-string';

export interface SignatureEntry {
  fieldName: string;
  fieldRef: PdfRef;
  /** The signature dictionary's reference (undefined when /V is not an indirect dictionary). */
  ref?: PdfRef;
  dict?: PdfDict;
  kind: 'signature' | 'document-time-stamp';
  subFilter?: string;
  byteRange?: number[];
  contents?: Buffer;
  /** Where the /Contents string lies: its "<" and just after its ">". */
  contentsAt?: { start: number; end: number; hex: boolean };
  /** Where the signature dictionary's object begins. */
  objectOffset?: number;
}

export function signatureEntries(document: PdfDocument): SignatureEntry[] {
  const form = document.resolveDict(document.catalog.get('AcroForm'));
  const entries: SignatureEntry[] = [];
  for (const field of formFields(document, form)) {
    if (field.type !== 'Sig') continue;
    const value = field.dict.get('V');
    if (value === undefined || value === null) continue;
    const entry: SignatureEntry = { fieldName: field.fullName, fieldRef: field.ref, kind: 'signature' };
    entries.push(entry);
    if (!(value instanceof PdfRef)) continue;
    const dict = document.resolveDict(value);
    if (!dict) continue;
    entry.ref = value;
    entry.dict = dict;
    entry.subFilter = dict.nameOf('SubFilter');
    entry.kind = dict.nameOf('Type') === 'DocTimeStamp' || entry.subFilter === 'ETSI.RFC3161' ? 'document-time-stamp' : 'signature';
    const byteRange = dict.get('ByteRange');
    if (Array.isArray(byteRange) && byteRange.every((n) => typeof n === 'number')) entry.byteRange = byteRange as number[];
    const contents = dict.get('Contents');
    if (contents instanceof PdfString) entry.contents = contents.bytes;
    const xref = document.xref.lookup(value.num);
    if (xref?.type === 'offset') {
      entry.objectOffset = xref.offset;
      entry.contentsAt = locateContents(document, xref.offset);
    }
  }
  return entries;
}

/** Reads the object's top-level keys as tokens, to find where its /Contents value starts and ends. */
function locateContents(document: PdfDocument, offset: number): { start: number; end: number; hex: boolean } | undefined {
  try {
    const segment = document.source.locate(offset);
    const parser = new Parser(segment.buffer, offset - segment.start);
    for (const expected of ['number', 'number', 'keyword', '<<']) if (parser.next().kind !== expected) return undefined;
    for (;;) {
      const key = parser.next();
      if (key.kind !== 'name') return undefined;
      const value = parser.peek();
      if (key.value === 'Contents') {
        if (value.kind !== 'string') return undefined;
        const lexer = new Lexer(segment.buffer, value.start);
        lexer.next();
        return { start: segment.start + value.start, end: segment.start + lexer.pos, hex: value.hex };
      }
      parser.parseObject();
    }
  } catch {
    return undefined;
  }
}

export const textOf = (value: PdfObject | undefined): string | undefined => (value instanceof PdfString ? decodeTextString(value) : undefined);
