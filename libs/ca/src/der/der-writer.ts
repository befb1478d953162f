/**
 * A minimal DER encoder that writes straight into Buffers. The pure-JS ASN.1 object models cost
 * milliseconds per certificate; issuance, CRLs and OCSP need microseconds, and their structures are
 * fixed, so they are assembled from these few primitives.
 */

export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** The length octets of a DER TLV. */
export function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  if (length < 0x10000) return Buffer.from([0x82, length >> 8, length & 0xff]);
  if (length < 0x1000000) return Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.from([0x84, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
}

/** Bytes a TLV's header (tag + length) takes for a content of this length. */
export function headerLength(contentLength: number): number {
  if (contentLength < 0x80) return 2;
  if (contentLength < 0x100) return 3;
  if (contentLength < 0x10000) return 4;
  if (contentLength < 0x1000000) return 5;
  return 6;
}

/** One TLV written into a single (pooled) allocation: header and parts copied once, no intermediate concat. */
export function tlv(tag: number, content: Buffer | Buffer[]): Buffer {
  const parts = Array.isArray(content) ? content : [content];
  let length = 0;
  for (const part of parts) length += part.length;
  const header = headerLength(length);
  const out = Buffer.allocUnsafe(header + length);
  out[0] = tag;
  writeLength(out, 1, length);
  let offset = header;
  for (const part of parts) offset += part.copy(out, offset);
  return out;
}

/** Writes the length octets of a TLV at `at` (as many as headerLength says, less the tag). */
export function writeLength(out: Buffer, at: number, length: number): void {
  if (length < 0x80) {
    out[at] = length;
    return;
  }
  const bytes = headerLength(length) - 2;
  out[at] = 0x80 | bytes;
  for (let i = bytes; i >= 1; i--, length = Math.floor(length / 256)) out[at + i] = length & 0xff;
}

export const sequence = (...items: Buffer[]) => tlv(Tag.SEQUENCE, items);
export const set = (...items: Buffer[]) => tlv(Tag.SET, items);
/** SET OF: DER requires the encodings sorted (X.690 §11.6). */
export const setOf = (items: Buffer[]) => tlv(Tag.SET, [...items].sort(Buffer.compare));
export const octetString = (bytes: Buffer) => tlv(Tag.OCTET_STRING, bytes);
export const nullValue = () => Buffer.from([Tag.NULL, 0]);
export const boolean = (value: boolean) => Buffer.from([Tag.BOOLEAN, 1, value ? 0xff : 0]);
/** [n] EXPLICIT: constructed context-specific wrapper. */
export const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
/** [n] IMPLICIT over a primitive value: the caller passes the primitive's content octets. */
export const implicitPrimitive = (n: number, content: Buffer) => tlv(0x80 | n, content);
/** [n] IMPLICIT over a constructed value (SEQUENCE/SET): the caller passes its content octets. */
export const implicitConstructed = (n: number, content: Buffer) => tlv(0xa0 | n, content);

export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(Tag.BIT_STRING, [Buffer.from([unusedBits]), bytes]);
}

/** A named-bit BIT STRING (KeyUsage, ReasonFlags): bit 0 is the most significant; trailing zero bits dropped. */
export function namedBits(bits: number[]): Buffer {
  if (bits.length === 0) return Buffer.from([Tag.BIT_STRING, 1, 0]);
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] |= 0x80 >> (bit & 7);
  const unused = 7 - (highest & 7);
  return bitString(bytes, unused);
}

/** A non-negative INTEGER from its unsigned big-endian magnitude (a 0x00 is prepended when needed). */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const content = trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(Tag.INTEGER, content.length ? content : Buffer.from([0]));
}

export function smallInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a small non-negative integer: ${value}`);
  const hex = value.toString(16);
  return unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

export function bigInteger(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('negative INTEGER not supported');
  const hex = value.toString(16);
  return unsignedInteger(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));
}

export function enumerated(value: number): Buffer {
  return tlv(Tag.ENUMERATED, smallInteger(value).subarray(2));
}

const oidCache = new Map<string, Buffer>();

/** OBJECT IDENTIFIER from dotted form; encodings are cached (the same few OIDs recur everywhere). */
export function oid(dotted: string): Buffer {
  const cached = oidCache.get(dotted);
  if (cached) return cached;
  const arcs = dotted.split('.').map((arc) => {
    if (!/^\d+$/.test(arc)) throw new Error(`invalid OID ${dotted}`);
    return BigInt(arc);
  });
  if (arcs.length < 2 || arcs[0] > 2n) throw new Error(`invalid OID ${dotted}`);
  const bytes: number[] = [];
  const pushArc = (arc: bigint) => {
    const groups: number[] = [Number(arc & 0x7fn)];
    for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
    bytes.push(...groups);
  };
  pushArc(arcs[0] * 40n + arcs[1]);
  arcs.slice(2).forEach(pushArc);
  const encoded = tlv(Tag.OID, Buffer.from(bytes));
  oidCache.set(dotted, encoded);
  return encoded;
}

export const utf8String = (text: string) => tlv(Tag.UTF8_STRING, Buffer.from(text, 'utf8'));
export const printableString = (text: string) => {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) throw new Error(`not a PrintableString: ${JSON.stringify(text)}`);
  return tlv(Tag.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
};
export const ia5String = (text: string) => {
  if ([...text].some((ch) => ch.charCodeAt(0) > 0x7f)) throw new Error('not an IA5String');
  return tlv(Tag.IA5_STRING, Buffer.from(text, 'latin1'));
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** GeneralizedTime YYYYMMDDHHMMSSZ (whole seconds, UTC), as RFC 5280 requires. */
export function generalizedTime(date: Date): Buffer {
  const text = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.GENERALIZED_TIME, Buffer.from(text, 'latin1'));
}

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (year >= 2050 || year < 1950) return generalizedTime(date);
  const text = `${pad(year % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return tlv(Tag.UTC_TIME, Buffer.from(text, 'latin1'));
}
