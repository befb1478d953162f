/**
 * ECDSA signatures come in two shapes: PKCS#11 and WebCrypto return raw r||s (each left-padded to the
 * curve's size), while X.509, CRLs, OCSP and CMS carry the DER Ecdsa-Sig-Value SEQUENCE { r, s } (RFC 3279).
 */
import { DerError, children, content, expectTag, readRoot } from '../der/der-reader';
import { Tag, sequence, unsignedInteger } from '../der/der-writer';

/** Bytes of r (and of s) in a raw signature for each curve we sign with. */
export const ECDSA_COORDINATE_SIZE = { 'ec-p256': 32, 'ec-p384': 48 } as const;

/** raw r||s → DER Ecdsa-Sig-Value. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new DerError(`raw ECDSA signature has odd or zero length ${raw.length}`);
  const size = raw.length / 2;
  const r = raw.subarray(0, size);
  const s = raw.subarray(size);
  // A zero r or s is never a valid signature; refusing it here keeps a token fault from becoming a DER value.
  if (isZero(r) || isZero(s)) throw new DerError('raw ECDSA signature has a zero component');
  return sequence(unsignedInteger(r), unsignedInteger(s));
}

/**
 * DER Ecdsa-Sig-Value → raw r||s with each half `size` bytes. Strict: the input is untrusted (e.g. a
 * signature inside a CSR or a relying party's request), so non-minimal, negative or oversize values fail.
 */
export function ecdsaDerToRaw(der: Buffer, size: number): Buffer {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`invalid coordinate size ${size}`);
  const root = expectTag(readRoot(der), Tag.SEQUENCE, 'Ecdsa-Sig-Value SEQUENCE');
  const items = children(der, root);
  if (items.length !== 2) throw new DerError('Ecdsa-Sig-Value must hold exactly r and s');
  const raw = Buffer.alloc(size * 2);
  items.forEach((item, index) => {
    const magnitude = positiveIntegerMagnitude(content(der, expectTag(item, Tag.INTEGER, index ? 's INTEGER' : 'r INTEGER')));
    if (magnitude.length > size) throw new DerError(`ECDSA ${index ? 's' : 'r'} longer than ${size} bytes`);
    magnitude.copy(raw, size * (index + 1) - magnitude.length);
  });
  return raw;
}

/** The unsigned big-endian bytes of a DER INTEGER that must be minimal and strictly positive. */
function positiveIntegerMagnitude(bytes: Buffer): Buffer {
  if (bytes.length === 0) throw new DerError('empty INTEGER');
  if (bytes[0] & 0x80) throw new DerError('negative INTEGER in ECDSA signature');
  if (bytes.length > 1 && bytes[0] === 0 && !(bytes[1] & 0x80)) throw new DerError('non-minimal INTEGER in ECDSA signature');
  const magnitude = bytes[0] === 0 ? bytes.subarray(1) : bytes;
  if (isZero(magnitude)) throw new DerError('zero INTEGER in ECDSA signature');
  return magnitude;
}

function isZero(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}
