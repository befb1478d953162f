/**
 * A new widget placed on its page: the page object is rewritten in the update with the widget
 * appended to /Annots, or, when /Annots is an indirect array, that array object is rewritten instead.
 */
import { PdfDict, PdfRef } from '../pdf/objects';
import type { IncrementalUpdate } from '../writer/incremental-update';

export function addAnnotation(update: IncrementalUpdate, page: PdfRef, annotation: PdfRef): void {
  const current = update.resolve(page);
  const annots = current instanceof PdfDict ? current.get('Annots') : undefined;
  if (annots instanceof PdfRef && Array.isArray(update.resolve(annots))) {
    update.editArray(annots).push(annotation);
    return;
  }
  const pageDict = update.edit(page);
  pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), annotation]);
}
