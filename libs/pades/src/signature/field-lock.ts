/**
 * Field locks (§12.7.5.5, §12.8.2.4, FieldMDP): a signature that, once applied, locks all fields,
 * some, or all but some. The field carries /Lock; the signature a FieldMDP reference saying the same.
 */
import { PdfDict, PdfName, dict, name, type PdfObject, type PdfRef } from '../pdf/objects';
import { textString } from '../pdf/text-string';

export interface FieldLock {
  action: 'All' | 'Include' | 'Exclude';
  /** Fully qualified field names (for Include and Exclude). */
  fields?: string[];
}

export function lockDictionary(lock: FieldLock): PdfDict {
  return dict({ Type: name('SigFieldLock'), ...lockEntries(lock) });
}

export function fieldMdpReference(lock: FieldLock | PdfDict, catalog: PdfRef): PdfDict {
  const entries = lock instanceof PdfDict ? { Action: lock.get('Action') ?? name('All'), Fields: lock.get('Fields') } : lockEntries(lock);
  return dict({
    Type: name('SigRef'),
    TransformMethod: name('FieldMDP'),
    TransformParams: dict({ Type: name('TransformParams'), ...entries, V: name('1.2') }),
    Data: catalog,
  });
}

function lockEntries(lock: FieldLock): Record<string, PdfObject | undefined> {
  return {
    Action: PdfName.of(lock.action),
    Fields: lock.action === 'All' ? undefined : (lock.fields ?? []).map(textString),
  };
}
