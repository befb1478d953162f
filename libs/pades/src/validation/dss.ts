/** The Document Security Store (ETSI EN 319 142-1 §5.4.2) as validation reads it: its three arrays, decoded. */
import { decodeStream } from '../pdf/filters';
import { PdfStream } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';

export interface DssContents {
  certificates: Buffer[];
  ocspResponses: Buffer[];
  crls: Buffer[];
}

export function readDss(document: PdfDocument): DssContents {
  const result: DssContents = { certificates: [], ocspResponses: [], crls: [] };
  let dss;
  try {
    dss = document.resolveDict(document.catalog.get('DSS'));
  } catch {
    return result;
  }
  if (!dss) return result;
  const read = (key: string, into: Buffer[]) => {
    let items;
    try {
      items = document.resolveArray(dss.get(key)) ?? [];
    } catch {
      return;
    }
    for (const item of items) {
      try {
        const stream = document.resolve(item);
        if (stream instanceof PdfStream) into.push(decodeStream(stream));
      } catch {
        // An entry that cannot be read is evidence of nothing; the others still count.
      }
    }
  };
  read('Certs', result.certificates);
  read('OCSPs', result.ocspResponses);
  read('CRLs', result.crls);
  return result;
}
