/** Finding a page by number in the page tree (§7.7.3) without visiting the pages before it. */
import { PdfError, malformed } from '../errors';
import { PdfDict, PdfRef } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';

const MAX_DEPTH = 64;

export function pageCount(document: PdfDocument): number {
  const count = document.resolveDict(document.catalog.get('Pages'))?.get('Count');
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : 0;
}

/** The reference of page `pageNumber` (1-based). */
export function pageRef(document: PdfDocument, pageNumber: number): PdfRef {
  const notFound = () => new PdfError('pdf-page-not-found', `the document has no page ${pageNumber}`);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw notFound();
  let node = document.catalog.get('Pages');
  let remaining = pageNumber - 1;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const dict = document.resolveDict(node);
    if (!(node instanceof PdfRef) || !dict) throw malformed('the page tree has a node that is not an indirect dictionary');
    const kids = document.resolveArray(dict.get('Kids'));
    if (!kids) {
      if (remaining === 0) return node;
      throw notFound();
    }
    let next: PdfRef | undefined;
    for (const kid of kids) {
      const kidDict = document.resolveDict(kid);
      if (!(kidDict instanceof PdfDict)) continue;
      const isTree = kidDict.has('Kids') && kidDict.nameOf('Type') !== 'Page';
      const count = isTree ? kidDict.get('Count') : 1;
      const size = typeof count === 'number' && count >= 0 ? count : 0;
      if (remaining < size) {
        next = kid as PdfRef;
        break;
      }
      remaining -= size;
    }
    if (!next) throw notFound();
    node = next;
  }
  throw malformed('the page tree is too deep');
}
