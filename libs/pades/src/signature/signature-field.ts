/**
 * The field a signature goes into: an existing empty signature field named by the caller (its widget
 * is already on its page), or a new field merged with its widget annotation, placed on a page (a
 * zero rectangle for an invisible signature) and appended to the form.
 */
import { PdfError, SigningError } from '../errors';
import { addAppearance, addEmptyAppearance } from '../form/appearance-xobject';
import { currentAcroForm, markSigned, registerField } from '../form/acroform';
import { findField, unusedFieldName, widgetsOf } from '../form/fields';
import { addAnnotation } from '../form/page-annotations';
import { pageRef } from '../form/page-tree';
import type { SignatureAppearance } from '../form/signature-appearance';
import { PdfDict, dict, name, type PdfRef } from '../pdf/objects';
import { textString } from '../pdf/text-string';
import type { IncrementalUpdate } from '../writer/incremental-update';
import { lockDictionary, type FieldLock } from './field-lock';

/** Print and Locked (§12.5.3): shown when printed, never moved or deleted by a viewer. */
const WIDGET_FLAGS = 4 | 128;

export interface FieldPlacement {
  /** An existing empty signature field to sign into, or the name of the new field. */
  fieldName?: string;
  /** A new field's name is this prefix and the first free number, when no name is given. */
  namePrefix: string;
  /** The page of a new field (1-based). */
  page: number;
  /** A new field's rectangle [x1 y1 x2 y2] in default user space; none for an invisible signature. */
  rect?: [number, number, number, number];
  appearance?: SignatureAppearance;
  lock?: FieldLock;
}

export interface PlacedField {
  ref: PdfRef;
  name: string;
  /** The lock the field carries (the caller's, or the one an existing field already had). */
  lock?: FieldLock | PdfDict;
}

export function placeSignatureField(update: IncrementalUpdate, signature: PdfRef, placement: FieldPlacement): PlacedField {
  const form = currentAcroForm(update);
  const existing = placement.fieldName === undefined ? undefined : findField(update, form, placement.fieldName);
  if (existing) {
    if (existing.type !== 'Sig') throw new PdfError('pdf-field-not-signature', `the field "${existing.fullName}" is not a signature field`);
    if (existing.dict.has('V')) throw new PdfError('pdf-field-already-signed', `the field "${existing.fullName}" is already signed`);
    const field = update.edit(existing.ref);
    field.set('V', signature);
    if (placement.lock) field.set('Lock', lockDictionary(placement.lock));
    if (placement.appearance) {
      const [widget] = widgetsOf(update, existing);
      const widgetDict = widget.num === existing.ref.num ? field : update.edit(widget);
      widgetDict.set('AP', dict({ N: addAppearance(update, placement.appearance) }));
    }
    markSigned(update);
    const existingLock = update.resolve(field.get('Lock'));
    return { ref: existing.ref, name: existing.fullName, lock: placement.lock ?? (existingLock instanceof PdfDict ? existingLock : undefined) };
  }
  if (placement.fieldName !== undefined && (placement.fieldName === '' || placement.fieldName.includes('.'))) {
    throw new SigningError('options-invalid', 'a new signature field\'s name must be non-empty and without "."');
  }
  const fieldName = placement.fieldName ?? unusedFieldName(update, form, placement.namePrefix);
  const page = pageRef(update.document, placement.page);
  const visible = placement.rect ? placement.appearance : undefined;
  const field = update.add(
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: textString(fieldName),
      V: signature,
      F: WIDGET_FLAGS,
      P: page,
      Rect: visible ? placement.rect : [0, 0, 0, 0],
      AP: dict({ N: visible ? addAppearance(update, visible) : addEmptyAppearance(update) }),
      Lock: placement.lock ? lockDictionary(placement.lock) : undefined,
    }),
  );
  addAnnotation(update, page, field);
  registerField(update, field);
  return { ref: field, name: fieldName, lock: placement.lock };
}
