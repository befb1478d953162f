/**
 * The one spelling of a serial number shared by the responder, its status source and its cache:
 * lowercase hex of the unsigned magnitude, whole octets, no leading zero octets (zero is "00").
 * It equals `magnitude.toString('hex')` for the magnitudes the request parser returns, so the hot path
 * needs no normalisation; callers with serials from elsewhere pass them through `normalizeSerialHex`.
 */
export function normalizeSerialHex(hex: string): string {
  const bare = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (!/^[0-9a-fA-F]+$/.test(bare)) throw new RangeError(`not a hexadecimal serial number: ${JSON.stringify(hex)}`);
  const trimmed = bare.toLowerCase().replace(/^0+/, '');
  if (trimmed === '') return '00';
  return trimmed.length % 2 ? `0${trimmed}` : trimmed;
}
