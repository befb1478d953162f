/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and no insignificant whitespace,
 * so the same data always has the same bytes: what device messages and card data are signed over, and
 * what the audit chain hashes. Only plain data: anything JSON would silently change (undefined in an
 * array, NaN, a Date, a bigint, a byte array, a class instance) is refused, because the signature or the
 * hash must cover exactly what is kept. An object member whose value is undefined is left out, as JSON does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON: ${typeof value} values are not plain data`);
}
