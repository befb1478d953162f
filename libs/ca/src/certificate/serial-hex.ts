/** RFC 5280 §4.1.2.2: conforming CAs use serial numbers of at most 20 octets. */
export const MAX_SERIAL_OCTETS = 20;

const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const SEPARATORS = /[:\s]/g;

export interface SerialHexOptions {
  /**
   * Also accept surrounding whitespace and the colons and spaces with which openssl and browsers print
   * serials: for serials a person types. Off for serials from storage or from another component.
   */
  separators?: boolean;
  /** `lower` (the default): as the OCSP responder, its status source and its cache key serials. `upper`: as the ledger stores them (`serialHex`). */
  letters?: 'lower' | 'upper';
}

/**
 * The one spelling of a certificate serial number as text: the hex of its unsigned magnitude in whole
 * octets, with no leading zero octet ("00" for zero), at most 20 octets. It is what `Buffer#toString('hex')`
 * gives for the magnitudes the OCSP request parser returns, and (upper case) what `serialHex` gives for
 * the serials the CA draws. Accepts an optional `0x` and either case; undefined for anything else.
 *
 * Kept to one regular expression test and a scan of the leading zeros: OCSP and issuance call it.
 */
export function normaliseSerialHex(input: string, options: SerialHexOptions = {}): string | undefined {
  let hex = options.separators ? input.trim() : input;
  if (hex.charCodeAt(0) === 0x30 && (hex.charCodeAt(1) | 0x20) === 0x78) hex = hex.slice(2);
  if (options.separators) hex = hex.replace(SEPARATORS, '');
  if (!HEX_DIGITS.test(hex)) return undefined;
  let significant = 0;
  while (significant < hex.length && hex.charCodeAt(significant) === 0x30) significant++;
  const digits = hex.length - significant;
  if (digits === 0) return '00';
  if (digits > MAX_SERIAL_OCTETS * 2) return undefined;
  const magnitude = digits % 2 ? `0${hex.slice(significant)}` : hex.slice(significant);
  return options.letters === 'upper' ? magnitude.toUpperCase() : magnitude.toLowerCase();
}
