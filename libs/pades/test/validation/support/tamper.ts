/**
 * Tampering for the validation tests: incremental updates appended to a signed file, written with the
 * library's own writer (so the xref is right and only the intended change is made), and byte edits.
 */
import { PdfRef, PdfStream, PdfString, dict, name, type PdfObject } from '../../../src/pdf/objects';
import { PdfDocument } from '../../../src/pdf/pdf-document';
import { findField } from '../../../src/form/fields';
import { pageRef } from '../../../src/form/page-tree';
import { IncrementalUpdate } from '../../../src/writer/incremental-update';

export function appendUpdate(pdf: Buffer, change: (update: IncrementalUpdate, document: PdfDocument) => void): Buffer {
  const document = PdfDocument.open(pdf);
  const update = new IncrementalUpdate(document);
  change(update, document);
  return Buffer.concat([pdf, update.write().bytes]);
}

export const firstPage = (document: PdfDocument) => pageRef(document, 1);

/** Replaces page 1's content with a new stream that draws something else. */
export function replacePageContent(pdf: Buffer): Buffer {
  return appendUpdate(pdf, (update, document) => {
    const content = update.add(new PdfStream(dict({ Length: 44 }), Buffer.from('BT /F1 24 Tf 72 700 Td (PAY 1,000,000) Tj ET', 'latin1')));
    update.edit(firstPage(document)).set('Contents', content);
  });
}

/** Adds a filled square annotation with an appearance stream that paints over page 1. */
export function addPaintingAnnotation(pdf: Buffer): Buffer {
  return appendUpdate(pdf, (update, document) => {
    const page = firstPage(document);
    const appearance = update.add(new PdfStream(dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 595, 842], Length: 28 }), Buffer.from('1 1 1 rg 0 0 595 842 re f Q', 'latin1')));
    const annotation = update.add(dict({ Type: name('Annot'), Subtype: name('Square'), Rect: [0, 0, 595, 842], F: 4, IC: [1, 1, 1], AP: dict({ N: appearance }), P: page }));
    addToAnnots(update, page, annotation);
  });
}

/** Adds an unsigned signature field whose widget covers page 1 with an appearance. */
export function addUnsignedSignatureField(pdf: Buffer): Buffer {
  return appendUpdate(pdf, (update, document) => {
    const page = firstPage(document);
    const appearance = update.add(new PdfStream(dict({ Type: name('XObject'), Subtype: name('Form'), BBox: [0, 0, 595, 842], Length: 24 }), Buffer.from('1 1 1 rg 0 0 595 842 re f', 'latin1')));
    const field = update.add(dict({ Type: name('Annot'), Subtype: name('Widget'), FT: name('Sig'), T: PdfString.latin1('Overlay'), Rect: [0, 0, 595, 842], F: 4, P: page, AP: dict({ N: appearance }) }));
    addToAnnots(update, page, field);
    const formValue = document.catalog.get('AcroForm');
    // The form is inline in the catalog when this library created it: the catalog is rewritten then.
    const form = formValue instanceof PdfRef ? update.edit(formValue) : (document.resolveDict(formValue)?.clone() ?? dict({}));
    if (!(formValue instanceof PdfRef)) update.edit(document.rootRef).set('AcroForm', form);
    const fields = form.get('Fields');
    form.set('Fields', [...(Array.isArray(fields) ? fields : (document.resolveArray(fields) ?? [])), field]);
  });
}

/** Sets a text field's /V (the field named `fieldName`, found in the form). */
export function setFieldValue(pdf: Buffer, fieldName: string, value: string): Buffer {
  return appendUpdate(pdf, (update, document) => {
    const field = findField(document, document.resolveDict(document.catalog.get('AcroForm')), fieldName);
    if (!field) throw new Error(`no field ${fieldName}`);
    update.edit(field.ref).set('V', PdfString.latin1(value));
  });
}

function addToAnnots(update: IncrementalUpdate, page: PdfRef, annotation: PdfRef): void {
  const pageDict = update.edit(page);
  const annots: PdfObject | undefined = pageDict.get('Annots');
  if (annots instanceof PdfRef) update.editArray(annots).push(annotation);
  else pageDict.set('Annots', [...(Array.isArray(annots) ? annots : []), annotation]);
}

/** A copy of `pdf` with `edit` applied to it. */
export function edited(pdf: Buffer, edit: (copy: Buffer) => void): Buffer {
  const copy = Buffer.from(pdf);
  edit(copy);
  return copy;
}
