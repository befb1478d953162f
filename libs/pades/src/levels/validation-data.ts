/**
 * B-LT: the Document Security Store (ETSI EN 319 142-1 §5.4; ISO 32000-2 §12.8.4.3) in an
 * incremental update of its own: /Certs, /OCSPs and /CRLs streams with everything needed to validate
 * the signatures later. A DSS already in the document is extended, keeping what it holds; data it
 * already holds is not added twice.
 */
import { createHash } from 'node:crypto';
import { decodeStream } from '../pdf/filters';
import { PdfDict, PdfRef, PdfStream, dict, name, type PdfObject } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';
import { IncrementalUpdate } from '../writer/incremental-update';
import type { ValidationData } from './revocation';

const ARRAYS = [
  ['Certs', 'certificates'],
  ['OCSPs', 'ocspResponses'],
  ['CRLs', 'crls'],
] as const;

/** The update's bytes, or undefined when the document's DSS already holds all of it. */
export function validationDataUpdate(document: PdfDocument, data: ValidationData): Buffer | undefined {
  const update = new IncrementalUpdate(document);
  const dssValue = document.catalog.get('DSS');
  const existing = document.resolveDict(dssValue);
  const dss = dssValue instanceof PdfRef && existing ? update.edit(dssValue) : (existing?.clone() ?? dict({ Type: name('DSS') }));
  let added = 0;
  for (const [key, field] of ARRAYS) {
    const current = document.resolveArray(existing?.get(key)) ?? [];
    const held = new Set(current.map((ref) => fingerprintOf(document, ref)));
    const items = [...current];
    for (const der of data[field]) {
      const fingerprint = sha256(der);
      if (held.has(fingerprint)) continue;
      held.add(fingerprint);
      items.push(update.add(new PdfStream(new PdfDict(), der)));
      added++;
    }
    if (items.length) dss.set(key, items);
  }
  if (added === 0) return undefined;
  if (!(dssValue instanceof PdfRef && existing)) update.edit(document.rootRef).set('DSS', update.add(dss));
  return update.write().bytes;
}

function fingerprintOf(document: PdfDocument, ref: PdfObject): string | undefined {
  const stream = document.resolve(ref);
  if (!(stream instanceof PdfStream)) return undefined;
  try {
    return sha256(decodeStream(stream));
  } catch {
    return undefined; // An entry that cannot be read is kept, and compared with nothing.
  }
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
