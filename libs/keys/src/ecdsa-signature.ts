/**
 * ECDSA signatures come in two shapes: PKCS#11, WebCrypto and JWS use raw r||s (each left-padded to the
 * curve's size), while X.509, CRLs, OCSP and CMS carry the DER Ecdsa-Sig-Value SEQUENCE { r, s } (RFC 3279).
 * Key stores hand out DER; a token signs raw, a JWS wants raw. The few DER rules needed are written out
 * here so that key custody depends on no other library.
 */

const SEQUENCE = 0x30;
const INTEGER = 0x02;

export class EcdsaSignatureError extends Error {}

/** Bytes of r (and of s) in a raw signature for each curve we sign with. */
export const ECDSA_COORDINATE_SIZE = { 'ec-p256': 32, 'ec-p384': 48 } as const;

/** raw r||s → DER Ecdsa-Sig-Value. */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new EcdsaSignatureError(`raw ECDSA signature has odd or zero length ${raw.length}`);
  const size = raw.length / 2;
  const r = raw.subarray(0, size);
  const s = raw.subarray(size);
  // A zero r or s is never a valid signature; refusing it here keeps a token fault from becoming a DER value.
  if (isZero(r) || isZero(s)) throw new EcdsaSignatureError('raw ECDSA signature has a zero component');
  return encode(SEQUENCE, Buffer.concat([encode(INTEGER, integerContent(r)), encode(INTEGER, integerContent(s))]));
}

/**
 * DER Ecdsa-Sig-Value → raw r||s with each half `size` bytes. Strict: the input may be untrusted (e.g. a
 * signature a relying party sent), so non-minimal, negative or oversize values fail.
 */
export function ecdsaDerToRaw(der: Buffer, size: number): Buffer {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`invalid coordinate size ${size}`);
  const value = read(der, 0, der.length, SEQUENCE, 'Ecdsa-Sig-Value SEQUENCE');
  if (value.end !== der.length) throw new EcdsaSignatureError('trailing bytes after Ecdsa-Sig-Value');
  const raw = Buffer.alloc(size * 2);
  let offset = value.contentStart;
  for (const [index, name] of ['r', 's'].entries()) {
    if (offset >= value.end) throw new EcdsaSignatureError('Ecdsa-Sig-Value must hold exactly r and s');
    const integer = read(der, offset, value.end, INTEGER, `${name} INTEGER`);
    const magnitude = positiveIntegerMagnitude(der.subarray(integer.contentStart, integer.end));
    if (magnitude.length > size) throw new EcdsaSignatureError(`ECDSA ${name} longer than ${size} bytes`);
    magnitude.copy(raw, size * (index + 1) - magnitude.length);
    offset = integer.end;
  }
  if (offset !== value.end) throw new EcdsaSignatureError('Ecdsa-Sig-Value must hold exactly r and s');
  return raw;
}

/** Minimal two's-complement content of a positive integer given as unsigned big-endian bytes. */
function integerContent(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function encode(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One DER value of the expected tag at `offset`, within `limit`; only the definite, minimal lengths DER allows. */
function read(der: Buffer, offset: number, limit: number, tag: number, what: string): { contentStart: number; end: number } {
  if (offset + 2 > limit) throw new EcdsaSignatureError(`truncated ${what}`);
  if (der[offset] !== tag) throw new EcdsaSignatureError(`expected ${what}`);
  let cursor = offset + 1;
  const first = der[cursor++];
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0) throw new EcdsaSignatureError('indefinite length is not DER');
    if (count > 2) throw new EcdsaSignatureError(`${what} is far too long for a signature`);
    if (cursor + count > limit) throw new EcdsaSignatureError(`truncated ${what}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[cursor++];
    if (length < 0x80 || der[cursor - count] === 0) throw new EcdsaSignatureError('non-minimal DER length');
  }
  const end = cursor + length;
  if (end > limit) throw new EcdsaSignatureError(`${what} runs past its container`);
  return { contentStart: cursor, end };
}

/** The unsigned big-endian bytes of a DER INTEGER that must be minimal and strictly positive. */
function positiveIntegerMagnitude(bytes: Buffer): Buffer {
  if (bytes.length === 0) throw new EcdsaSignatureError('empty INTEGER');
  if (bytes[0] & 0x80) throw new EcdsaSignatureError('negative INTEGER in ECDSA signature');
  if (bytes.length > 1 && bytes[0] === 0 && !(bytes[1] & 0x80)) throw new EcdsaSignatureError('non-minimal INTEGER in ECDSA signature');
  const magnitude = bytes[0] === 0 ? bytes.subarray(1) : bytes;
  if (isZero(magnitude)) throw new EcdsaSignatureError('zero INTEGER in ECDSA signature');
  return magnitude;
}

function isZero(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0) return false;
  return true;
}
