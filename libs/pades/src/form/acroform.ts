/**
 * The document's interactive form, changed as little as possible: the new field appended to
 * /Fields (other fields are neither dropped nor re-rendered) and /SigFlags 3 (signatures exist,
 * append only). A form is created when the document has none.
 */
import { PdfDict, PdfRef } from '../pdf/objects';
import type { IncrementalUpdate } from '../writer/incremental-update';

const SIGNATURES_EXIST_APPEND_ONLY = 3;

/** The form as this update leaves it so far (undefined when the document has none). */
export function currentAcroForm(update: IncrementalUpdate): PdfDict | undefined {
  const catalog = update.resolve(update.document.rootRef);
  if (!(catalog instanceof PdfDict)) return undefined;
  const form = update.resolve(catalog.get('AcroForm'));
  return form instanceof PdfDict ? form : undefined;
}

/** A form dictionary staged in this update, ready to change. */
function editableAcroForm(update: IncrementalUpdate): PdfDict {
  const catalog = update.edit(update.document.rootRef);
  const value = catalog.get('AcroForm');
  if (value instanceof PdfRef && update.resolve(value) instanceof PdfDict) return update.edit(value);
  // A form written inline in the catalog stays inline; the catalog is being rewritten anyway.
  const form = value instanceof PdfDict ? value.clone() : new PdfDict([['Fields', []]]);
  catalog.set('AcroForm', form);
  return form;
}

export function registerField(update: IncrementalUpdate, field: PdfRef): void {
  const form = editableAcroForm(update);
  const fields = form.get('Fields');
  if (fields instanceof PdfRef && Array.isArray(update.resolve(fields))) update.editArray(fields).push(field);
  else form.set('Fields', [...(Array.isArray(fields) ? fields : []), field]);
  form.set('SigFlags', SIGNATURES_EXIST_APPEND_ONLY);
}

/** For a field that is already in the form: only /SigFlags may need setting. */
export function markSigned(update: IncrementalUpdate): void {
  const form = currentAcroForm(update);
  if (form?.get('SigFlags') === SIGNATURES_EXIST_APPEND_ONLY) return;
  editableAcroForm(update).set('SigFlags', SIGNATURES_EXIST_APPEND_ONLY);
}
