/**
 * What changed after a signature (ISO 32000-2 §12.8.2; ETSI EN 319 142-1 §5.4): every object the
 * later updates list is compared with the signed revision's, and each real change classified.
 * Allowed: later signatures (their fields, widgets and dictionaries), the DSS, document time-stamps,
 * metadata, and form filling where DocMDP and the field locks permit it. Anything else changes what
 * was signed: the page content, annotations painted over the page, a filled or locked field's value.
 * An unsigned signature field that may paint over the page is suspicious (INDETERMINATE).
 */
import { formFields, widgetsOf, type FormField } from '../form/fields';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';
import type { PdfDocument } from '../pdf/pdf-document';
import { changedKeys, sameObject } from './object-equality';
import type { Change, ChangeKind, ChangesReport } from './report';
import { objectsListed, type Revision } from './revisions';

export interface ModificationRules {
  /** The DocMDP permission in force for this signature (1 none, 2 form filling and signing, 3 also annotations). */
  docMdp?: 1 | 2 | 3;
  /** Whether a field (fully qualified name) is locked by this signature or an earlier one. */
  isLocked(fieldName: string): boolean;
}

const FORM_KEYS_ALLOWED = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
const CATALOG_KEYS_ALLOWED = new Set(['DSS', 'AcroForm', 'Extensions', 'Metadata']);
const FIELD_VALUE_KEYS = new Set(['V', 'AP', 'AS']);
const SIGNING_KEYS = new Set(['V', 'AP', 'Lock', 'SV', 'F']);
const MAX_REACHABLE = 100_000;

export function analyseChanges(signed: PdfDocument, current: PdfDocument, later: Revision[], rules: ModificationRules): ChangesReport {
  const report: ChangesReport = { laterRevisions: later.length, allowed: [], notAllowed: [], suspicious: [] };
  if (later.length === 0) return report;
  const classifier = new ChangeClassifier(signed, current, rules, report);
  if (!current.xref.sections.some((section) => section.offset === signed.xref.newest.offset)) {
    report.notAllowed.push({ kind: 'revision-chain', objects: [], detail: 'the signed revision is no longer in the chain of cross-reference sections' });
  }
  const listed = new Set<number>();
  for (const revision of later) for (const section of revision.sections) for (const num of objectsListed(section)) listed.add(num);
  classifier.catalog();
  for (const num of [...listed].sort((a, b) => a - b)) classifier.object(num);
  if (rules.docMdp === 1) {
    // No changes at all: only what long-term validation adds (DSS, document time-stamps) is kept.
    const kept = new Set<ChangeKind>(['validation-data', 'document-time-stamp']);
    report.notAllowed.push(...report.allowed.filter((change) => !kept.has(change.kind)));
    report.allowed = report.allowed.filter((change) => kept.has(change.kind));
  }
  return { ...report, allowed: merged(report.allowed), notAllowed: merged(report.notAllowed), suspicious: merged(report.suspicious) };
}

/** One line per kind of change (and field, and detail), with all the objects it concerns. */
function merged(changes: Change[]): Change[] {
  const byKey = new Map<string, Change>();
  for (const change of changes) {
    const key = `${change.kind}\u0000${change.field ?? ''}\u0000${change.detail ?? ''}`;
    const existing = byKey.get(key);
    if (existing) existing.objects = [...new Set([...existing.objects, ...change.objects])];
    else byKey.set(key, { ...change, objects: [...change.objects] });
  }
  return [...byKey.values()];
}

class ChangeClassifier {
  private readonly currentFields = new Map<number, FormField>();
  private readonly signedFields = new Map<number, FormField>();
  /** Widget object → the field it belongs to (fields merged with their widget map to themselves). */
  private readonly widgetOwner = new Map<number, FormField>();
  private readonly validationData: Set<number>;
  private readonly formRef: number | undefined;
  private readonly fieldsRef: number | undefined;

  constructor(
    private readonly signed: PdfDocument,
    private readonly current: PdfDocument,
    private readonly rules: ModificationRules,
    private readonly report: ChangesReport,
  ) {
    const form = current.catalog.get('AcroForm');
    this.formRef = form instanceof PdfRef ? form.num : undefined;
    const fields = current.resolveDict(form)?.get('Fields');
    this.fieldsRef = fields instanceof PdfRef ? fields.num : undefined;
    for (const field of formFields(current, current.resolveDict(form))) {
      this.currentFields.set(field.ref.num, field);
      for (const widget of widgetsOf(current, field)) this.widgetOwner.set(widget.num, field);
    }
    for (const field of formFields(signed, signed.resolveDict(signed.catalog.get('AcroForm')))) this.signedFields.set(field.ref.num, field);
    this.validationData = reachable(current, current.catalog.get('DSS'));
  }

  private allow(kind: ChangeKind, num: number, extra: Partial<Change> = {}): void {
    this.report.allowed.push({ kind, objects: [num], ...extra });
  }

  private refuse(kind: ChangeKind, num: number, extra: Partial<Change> = {}): void {
    this.report.notAllowed.push({ kind, objects: [num], ...extra });
  }

  catalog(): void {
    const before = this.signed.catalog;
    const after = this.current.catalog;
    const keys = changedKeys(before, after);
    const refused = keys.filter((key) => !CATALOG_KEYS_ALLOWED.has(key));
    if (refused.length) this.refuse('catalog', this.current.rootRef.num, { detail: `catalog keys changed: ${refused.join(', ')}` });
    if (keys.includes('DSS')) this.allow('validation-data', this.current.rootRef.num, { detail: 'DSS' });
    if (keys.includes('Metadata')) this.allow('metadata', this.current.rootRef.num);
    if (keys.includes('AcroForm')) {
      const beforeForm = this.signed.resolveDict(before.get('AcroForm'));
      const afterForm = this.current.resolveDict(after.get('AcroForm'));
      if (afterForm) this.form(beforeForm ?? new PdfDict(), afterForm, this.current.rootRef.num);
      else this.refuse('form-structure', this.current.rootRef.num, { detail: 'the form was removed' });
    }
  }

  object(num: number): void {
    if (num === this.current.rootRef.num || num === this.signed.rootRef.num) return; // compared as the catalog
    let before: PdfObject;
    let after: PdfObject;
    try {
      before = this.signed.object(num);
      after = this.current.object(num);
    } catch (error) {
      this.refuse('other', num, { detail: `unreadable: ${(error as Error).message}` });
      return;
    }
    if (sameObject(before, after)) return;
    const afterDict = after instanceof PdfStream ? after.dict : after instanceof PdfDict ? after : undefined;
    const type = afterDict?.nameOf('Type');
    if (type === 'ObjStm' || type === 'XRef') return; // containers: what they hold is compared object by object
    if (this.validationData.has(num)) return this.allow('validation-data', num);
    if (after === null) return this.refuse('other', num, { detail: 'object deleted' });
    if (num === this.formRef) return before === null ? undefined : this.form(asDict(before), asDict(after), num); // a new form: compared with the catalog
    if (num === this.fieldsRef) return this.fieldsArray(before, after, num);
    if (isSignatureDictionary(afterDict)) {
      const kind = type === 'DocTimeStamp' ? 'document-time-stamp' : 'signature';
      return before === null ? this.allow(kind, num) : this.refuse('signature-dictionary', num, { detail: 'an existing signature dictionary was changed' });
    }
    const field = this.currentFields.get(num);
    if (field) return this.field(num, field, before, after);
    const owner = this.widgetOwner.get(num);
    if (owner) return this.widget(num, owner, before, after);
    if (type === 'Page' || type === 'Pages') return this.page(num, before, after, type);
    if (Array.isArray(after) && Array.isArray(before) && this.isAnnotationArray(after)) return this.annotations(num, before, after);
    if (before === null) return; // a new object nothing changed refers to, or one a classified change refers to
    if (type === 'Metadata' || (this.current.info instanceof PdfRef && this.current.info.num === num)) return this.allow('metadata', num);
    if (after instanceof PdfStream) return this.refuse('page-content', num, { detail: 'a stream was rewritten' });
    if (type === 'Annot') return this.refuse('annotation', num, { detail: 'an annotation was changed' });
    this.refuse('other', num, { detail: type ? `/${type} changed` : 'object changed' });
  }

  private form(before: PdfDict, after: PdfDict, num: number): void {
    const keys = changedKeys(before, after);
    const refused = keys.filter((key) => !FORM_KEYS_ALLOWED.has(key));
    if (refused.length) this.refuse('form-structure', num, { detail: `form keys changed: ${refused.join(', ')}` });
    if (keys.includes('Fields')) this.fieldsArray(this.signed.resolve(before.get('Fields')) ?? [], this.current.resolve(after.get('Fields')) ?? [], num);
  }

  /** Fields may only be added, and only signature fields (their own classification follows). */
  private fieldsArray(before: PdfObject | undefined, after: PdfObject | undefined, num: number): void {
    const beforeRefs = refNumbers(before);
    const afterRefs = refNumbers(after);
    const removed = [...beforeRefs].filter((ref) => !afterRefs.has(ref));
    if (removed.length) this.refuse('form-structure', num, { detail: `fields removed: ${removed.join(', ')}` });
    for (const ref of afterRefs) {
      if (beforeRefs.has(ref)) continue;
      const field = this.currentFields.get(ref);
      if (field?.type !== 'Sig') this.refuse('form-structure', ref, { field: field?.fullName, detail: 'a field other than a signature field was added' });
    }
  }

  private field(num: number, field: FormField, before: PdfObject, after: PdfObject): void {
    const afterDict = asDict(after);
    if (field.type === 'Sig') {
      if (before === null) {
        if (afterDict.has('V')) return this.allow(this.signatureKind(afterDict), num, { field: field.fullName });
        if (this.mayPaint(field)) return void this.report.suspicious.push({ kind: 'unsigned-signature-field', objects: [num], field: field.fullName });
        return this.allow('signature', num, { field: field.fullName, detail: 'an empty invisible signature field' });
      }
      const beforeDict = asDict(before);
      const keys = changedKeys(beforeDict, afterDict);
      if (!beforeDict.has('V') && afterDict.has('V') && keys.every((key) => SIGNING_KEYS.has(key) || key === 'MK')) return this.allow(this.signatureKind(afterDict), num, { field: field.fullName });
      return this.refuse('form-structure', num, { field: field.fullName, detail: `signature field changed: ${keys.join(', ')}` });
    }
    if (before === null) return this.refuse('form-structure', num, { field: field.fullName, detail: 'a field was added' });
    const beforeDict = asDict(before);
    const keys = changedKeys(beforeDict, afterDict);
    const structural = keys.filter((key) => !FIELD_VALUE_KEYS.has(key) && key !== 'MK');
    if (structural.length) return this.refuse('form-structure', num, { field: field.fullName, detail: `field keys changed: ${structural.join(', ')}` });
    this.fill(num, field);
  }

  /** A field's value (or its widget's appearance) changed: form filling, if it is allowed. */
  private fill(num: number, field: FormField): void {
    if (this.rules.isLocked(field.fullName)) return this.refuse('locked-field', num, { field: field.fullName });
    const before = asDict(this.signed.object(field.ref.num)).get('V');
    const after = field.dict.get('V');
    if (sameObject(before, after)) return this.refuse('field-value', num, { field: field.fullName, detail: 'an appearance changed without its value' });
    if (hasValue(before, this.signed)) return this.refuse('field-value', num, { field: field.fullName, detail: 'a value present when signed was changed' });
    this.allow('form-filling', num, { field: field.fullName });
  }

  private widget(num: number, owner: FormField, before: PdfObject, after: PdfObject): void {
    if (before === null) {
      if (owner.type === 'Sig') return; // the field's classification decides
      return this.refuse('form-structure', num, { field: owner.fullName, detail: 'a widget was added to a field' });
    }
    const keys = changedKeys(asDict(before), asDict(after));
    if (keys.some((key) => !FIELD_VALUE_KEYS.has(key) && key !== 'MK')) return this.refuse('annotation', num, { field: owner.fullName, detail: `widget keys changed: ${keys.join(', ')}` });
    if (owner.type === 'Sig') {
      const was = asDict(this.signed.object(owner.ref.num));
      if (!was.has('V') && owner.dict.has('V')) return this.allow('signature', num, { field: owner.fullName });
      return this.refuse('annotation', num, { field: owner.fullName, detail: 'a signed field\'s appearance changed' });
    }
    this.fill(num, owner);
  }

  private page(num: number, before: PdfObject, after: PdfObject, type: string): void {
    if (before === null) return type === 'Page' ? undefined : this.refuse('page-content', num, { detail: 'a page tree node was added' });
    const beforeDict = asDict(before);
    const afterDict = asDict(after);
    const keys = changedKeys(beforeDict, afterDict);
    const content = keys.filter((key) => key !== 'Annots');
    if (content.length) this.refuse('page-content', num, { detail: `page keys changed: ${content.join(', ')}` });
    if (keys.includes('Annots')) {
      const beforeAnnots = this.signed.resolve(beforeDict.get('Annots'));
      const afterAnnots = this.current.resolve(afterDict.get('Annots'));
      this.annotations(num, Array.isArray(beforeAnnots) ? beforeAnnots : [], Array.isArray(afterAnnots) ? afterAnnots : []);
    }
  }

  /** A page's annotations: signature widgets may be added; other annotations only under DocMDP 3. */
  private annotations(num: number, before: PdfObject[], after: PdfObject[]): void {
    const beforeRefs = refNumbers(before);
    const afterRefs = refNumbers(after);
    const removed = [...beforeRefs].filter((ref) => !afterRefs.has(ref));
    if (removed.length) this.refuse('annotation', num, { objects: removed, detail: 'annotations removed' });
    for (const ref of afterRefs) {
      if (beforeRefs.has(ref)) continue;
      const annotation = this.current.resolveDict(new PdfRef(ref, this.current.generationOf(ref)));
      const subtype = annotation?.nameOf('Subtype');
      if (subtype === 'Widget') {
        const owner = this.currentFields.get(ref) ?? this.widgetOwner.get(ref);
        if (owner?.type === 'Sig') continue; // the field's classification decides
        this.refuse('form-structure', ref, { field: owner?.fullName, detail: 'a form widget was added to a page' });
        continue;
      }
      if (this.rules.docMdp === 3) this.allow('annotation', ref, { detail: `/${subtype ?? 'unknown'}` });
      else this.refuse('annotation', ref, { detail: `/${subtype ?? 'unknown'} annotation added` });
    }
  }

  private signatureKind(field: PdfDict): ChangeKind {
    return this.current.resolveDict(field.get('V'))?.nameOf('Type') === 'DocTimeStamp' ? 'document-time-stamp' : 'signature';
  }

  private isAnnotationArray(items: PdfObject[]): boolean {
    if (items.length === 0) return false;
    return items.every((item) => {
      const dict = item instanceof PdfRef ? this.current.resolveDict(item) : undefined;
      return dict !== undefined && (dict.nameOf('Type') === 'Annot' || dict.has('Subtype')) && dict.has('Rect');
    });
  }

  /** Whether an unsigned signature field could show something: a widget with an area, not hidden. */
  private mayPaint(field: FormField): boolean {
    return widgetsOf(this.current, field).some((ref) => {
      const widget = this.current.resolveDict(ref);
      const rect = this.current.resolveArray(widget?.get('Rect'));
      const flags = widget?.get('F');
      const hidden = typeof flags === 'number' && (flags & (2 | 32)) !== 0;
      if (!rect || rect.length !== 4 || !rect.every((n) => typeof n === 'number') || hidden) return false;
      const [x1, y1, x2, y2] = rect as number[];
      return Math.abs(x2 - x1) > 0 && Math.abs(y2 - y1) > 0;
    });
  }
}

function isSignatureDictionary(dict: PdfDict | undefined): boolean {
  if (!dict) return false;
  const type = dict.nameOf('Type');
  return type === 'Sig' || type === 'DocTimeStamp' || (type === undefined && dict.has('ByteRange') && dict.has('Contents') && dict.has('Filter'));
}

function asDict(value: PdfObject | undefined): PdfDict {
  return value instanceof PdfDict ? value : value instanceof PdfStream ? value.dict : new PdfDict();
}

function refNumbers(value: PdfObject | undefined): Set<number> {
  return new Set(Array.isArray(value) ? value.filter((item): item is PdfRef => item instanceof PdfRef).map((ref) => ref.num) : []);
}

function hasValue(value: PdfObject | undefined, document: PdfDocument): boolean {
  const resolved = document.resolve(value);
  if (resolved === undefined || resolved === null) return false;
  if (resolved instanceof PdfString) return resolved.bytes.length > 0 && !(resolved.bytes.length === 2 && resolved.bytes[0] === 0xfe && resolved.bytes[1] === 0xff);
  if (Array.isArray(resolved)) return resolved.length > 0;
  if (resolved instanceof PdfName) return resolved.value !== 'Off';
  return resolved !== false;
}

/** The objects reachable from a value (the DSS and what it holds), bounded. */
function reachable(document: PdfDocument, root: PdfObject | undefined): Set<number> {
  const seen = new Set<number>();
  const stack: PdfObject[] = root === undefined ? [] : [root];
  while (stack.length && seen.size < MAX_REACHABLE) {
    const value = stack.pop();
    if (value instanceof PdfRef) {
      if (seen.has(value.num)) continue;
      seen.add(value.num);
      try {
        stack.push(document.object(value.num));
      } catch {
        // an unreadable entry of the DSS is no reason to allow or refuse anything else
      }
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value instanceof PdfDict) stack.push(...value.entries.values());
    else if (value instanceof PdfStream) stack.push(...value.dict.entries.values());
  }
  return seen;
}
