/**
 * The fields of an interactive form (§12.7.4): fully qualified names, inherited field types, and the
 * walk that finds a field by name or the names already taken.
 */
import { PdfDict, PdfRef, PdfString, type PdfObject } from '../pdf/objects';
import { decodeTextString } from '../pdf/text-string';

export interface FieldResolver {
  resolve(value: PdfObject | undefined): PdfObject | undefined;
}

export interface FormField {
  ref: PdfRef;
  dict: PdfDict;
  fullName: string;
  /** /FT, inherited from ancestors when the field does not set it. */
  type: string | undefined;
}

const MAX_DEPTH = 32;
const MAX_FIELDS = 100_000;

export function* formFields(resolver: FieldResolver, acroForm: PdfDict | undefined): Generator<FormField> {
  if (!acroForm) return;
  const visited = new Set<number>();
  const fields = resolver.resolve(acroForm.get('Fields'));
  if (!Array.isArray(fields)) return;
  yield* walk(resolver, fields, '', undefined, 0, visited);
}

function* walk(resolver: FieldResolver, refs: PdfObject[], parentName: string, parentType: string | undefined, depth: number, visited: Set<number>): Generator<FormField> {
  if (depth > MAX_DEPTH) return;
  for (const ref of refs) {
    if (!(ref instanceof PdfRef) || visited.has(ref.num) || visited.size > MAX_FIELDS) continue;
    visited.add(ref.num);
    const dict = resolver.resolve(ref);
    if (!(dict instanceof PdfDict)) continue;
    const partial = dict.get('T');
    // A kid without /T is a widget of its parent, not a field of its own.
    if (depth > 0 && !(partial instanceof PdfString)) continue;
    const own = partial instanceof PdfString ? decodeTextString(partial) : '';
    const fullName = parentName && own ? `${parentName}.${own}` : parentName || own;
    const ft = dict.nameOf('FT') ?? parentType;
    yield { ref, dict, fullName, type: ft };
    const kids = resolver.resolve(dict.get('Kids'));
    if (Array.isArray(kids)) yield* walk(resolver, kids, fullName, ft, depth + 1, visited);
  }
}

export function findField(resolver: FieldResolver, acroForm: PdfDict | undefined, fullName: string): FormField | undefined {
  for (const field of formFields(resolver, acroForm)) if (field.fullName === fullName) return field;
  return undefined;
}

/** `prefix` followed by the first number no field of the form uses yet. */
export function unusedFieldName(resolver: FieldResolver, acroForm: PdfDict | undefined, prefix: string): string {
  const taken = new Set<string>();
  for (const field of formFields(resolver, acroForm)) taken.add(field.fullName);
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** The widget annotations of a field: itself when it is merged with its widget, else its kids without /T. */
export function widgetsOf(resolver: FieldResolver, field: FormField): PdfRef[] {
  const kids = resolver.resolve(field.dict.get('Kids'));
  if (!Array.isArray(kids)) return [field.ref];
  return kids.filter((kid): kid is PdfRef => {
    if (!(kid instanceof PdfRef)) return false;
    const widget = resolver.resolve(kid);
    return widget instanceof PdfDict && !widget.has('T');
  });
}
