/**
 * Strict decoders for the primitive values of a time-stamp request. The shared reader checks TLV
 * framing; these check the content octets too, because a request that is not DER must be refused
 * (RFC 3161 badDataFormat) rather than half-understood.
 */
import { DerError } from '../der/der-reader';
import { Tag, tlv } from '../der/der-writer';

/** OBJECT IDENTIFIER content → dotted form; refuses empty, non-minimal arcs and a dangling last byte. */
export function strictOid(bytes: Buffer): string {
  if (bytes.length === 0) throw new DerError('empty OID');
  if (bytes[bytes.length - 1] & 0x80) throw new DerError('truncated OID arc');
  const arcs: bigint[] = [];
  let value = 0n;
  let arcStart = true;
  for (const byte of bytes) {
    // A leading 0x80 would encode the same arc in more octets than needed (X.690 §8.19.2).
    if (arcStart && byte === 0x80) throw new DerError('non-minimal OID arc');
    value = (value << 7n) | BigInt(byte & 0x7f);
    arcStart = !(byte & 0x80);
    if (arcStart) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

/** INTEGER content (two's complement) → bigint; refuses empty and non-minimal encodings. */
export function strictInteger(bytes: Buffer): bigint {
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  if (bytes.length > 1) {
    const redundantZero = bytes[0] === 0x00 && !(bytes[1] & 0x80);
    const redundantOnes = bytes[0] === 0xff && !!(bytes[1] & 0x80);
    if (redundantZero || redundantOnes) throw new DerError('non-minimal INTEGER');
  }
  const magnitude = BigInt(`0x${bytes.toString('hex')}`);
  return bytes[0] & 0x80 ? magnitude - (1n << BigInt(bytes.length * 8)) : magnitude;
}

/** BOOLEAN content; DER allows only 0x00 and 0xFF (X.690 §11.1). */
export function strictBoolean(bytes: Buffer): boolean {
  if (bytes.length !== 1 || (bytes[0] !== 0x00 && bytes[0] !== 0xff)) throw new DerError('BOOLEAN is not DER');
  return bytes[0] === 0xff;
}

/**
 * DER INTEGER of any sign. The shared writer only does non-negative values; a request nonce is an
 * arbitrary INTEGER and must be echoed with the same value, so negatives have to round-trip too.
 */
export function signedInteger(value: bigint): Buffer {
  if (value >= 0n) {
    let hex = value.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
    return tlv(Tag.INTEGER, Buffer.from(hex, 'hex'));
  }
  // Smallest width whose two's complement range holds the value.
  let bytes = 1;
  while (value < -(1n << BigInt(bytes * 8 - 1))) bytes++;
  const twos = (1n << BigInt(bytes * 8)) + value;
  return tlv(Tag.INTEGER, Buffer.from(twos.toString(16).padStart(bytes * 2, '0'), 'hex'));
}
