/**
 * JSON with object keys sorted (by UTF-16 code units) at every level and no insignificant whitespace,
 * so the same data always has the same bytes. Only plain data: anything JSON would silently change
 * (undefined, NaN, a Date, a bigint, a byte array) is refused, because signatures cover exactly the bytes.
 * Shared by the wallet and the server (device messages) and by card data (`@theqa/integrations`).
 * (`@theqa/audit` has the same rule; it may depend on no library.)
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
