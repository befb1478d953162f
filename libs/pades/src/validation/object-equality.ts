/** Whether two PDF objects say the same thing (references compared as references, not followed). */
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';

export function sameObject(a: PdfObject | undefined, b: PdfObject | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof PdfName) return b instanceof PdfName && a.value === b.value;
  if (a instanceof PdfString) return b instanceof PdfString && a.bytes.equals(b.bytes);
  if (a instanceof PdfRef) return a.equals(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameObject(item, b[i], depth + 1));
  if (a instanceof PdfStream) return b instanceof PdfStream && a.data.equals(b.data) && sameObject(a.dict, b.dict, depth + 1);
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) if (!sameObject(value, b.get(key), depth + 1)) return false;
    return true;
  }
  return false;
}

/** The keys whose values differ between two dictionaries (added and removed keys included). */
export function changedKeys(before: PdfDict, after: PdfDict): string[] {
  const keys = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...keys].filter((key) => !sameObject(before.get(key), after.get(key)));
}
