/**
 * Small asn1js helpers: DER building blocks, and raw DER embedded byte for byte. asn1js encodes the
 * values (OIDs, integers, octet strings); a structure whose elements are already DER is framed here by
 * writing its identifier and length before them, because asn1js spends tens of microseconds on every
 * node it builds and encodes, and a signature's CMS would otherwise cost a millisecond of them.
 */
import * as asn1js from 'asn1js';

export type Asn1 = asn1js.AsnType;

/**
 * Already-encoded DER (a certificate, a time-stamp token, signed attributes) embedded byte for byte:
 * its tag as asn1js's identifier and its content octets as they are. (asn1js's RawData is not written
 * when nested in a constructed value, so it cannot serve here.)
 */
export function raw(der: Buffer): Asn1 {
  const { tagClass, tagNumber, constructed, contentStart, contentLength } = readHeader(der);
  if (contentStart + contentLength !== der.length) throw new Error('raw DER with trailing or missing bytes');
  const element = new asn1js.Primitive({ idBlock: { tagClass, tagNumber }, valueHex: der.subarray(contentStart) });
  // The constructor makes every Primitive primitive; the identifier must say what the DER said.
  element.idBlock.isConstructed = constructed;
  return element as unknown as Asn1;
}

/** The identifier and length octets of one DER element (X.690 §8.1.2, §8.1.3; definite lengths only). */
export function readHeader(der: Buffer, at = 0): { tagClass: number; tagNumber: number; constructed: boolean; contentStart: number; contentLength: number } {
  const fail = () => new Error('malformed DER header');
  if (der.length < at + 2) throw fail();
  const first = der[at];
  let pos = at + 1;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    do {
      if (pos >= der.length || tagNumber > 0xffffff) throw fail();
      tagNumber = tagNumber * 128 + (der[pos] & 0x7f);
    } while (der[pos++] & 0x80);
  }
  if (pos >= der.length) throw fail();
  let contentLength = der[pos++];
  if (contentLength & 0x80) {
    const octets = contentLength & 0x7f;
    if (octets === 0 || octets > 6 || pos + octets > der.length) throw fail();
    contentLength = 0;
    for (let i = 0; i < octets; i++) contentLength = contentLength * 256 + der[pos++];
  }
  return { tagClass: (first >> 6) + 1, tagNumber, constructed: (first & 0x20) !== 0, contentStart: pos, contentLength };
}

export const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
export const integer = (value: number) => new asn1js.Integer({ value });
export const sequence = (...value: Asn1[]) => new asn1js.Sequence({ value });

/** A SET OF in DER order: its elements sorted by their encodings (X.690 §11.6). */
export function setOf(elements: Buffer[]): Buffer {
  return encode(new asn1js.Set({ value: [...elements].sort(Buffer.compare).map(raw) }));
}

/** [n] IMPLICIT over a constructed value: its content octets under a context tag. */
export function implicitConstructed(tagNumber: number, der: Buffer): Asn1 {
  const tagged = Buffer.from(der);
  tagged[0] = 0xa0 | tagNumber;
  return raw(tagged);
}

export function explicit(tagNumber: number, value: Asn1): Asn1 {
  return new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber }, value: [value] });
}

export function encode(value: Asn1): Buffer {
  return Buffer.from(value.toBER(false));
}

/** DER of a constructed value made of already-encoded elements: identifier octet, definite length, the elements as they are. */
export function constructed(identifier: number, elements: Buffer[]): Buffer {
  const length = elements.reduce((sum, element) => sum + element.length, 0);
  const header = lengthHeader(identifier, length);
  return Buffer.concat([header, ...elements], header.length + length);
}

export const derSequence = (...elements: Buffer[]) => constructed(0x30, elements);

/** A SET OF in DER order, from already-encoded elements (X.690 §11.6). */
export const derSetOf = (elements: Buffer[]) => constructed(0x31, [...elements].sort(Buffer.compare));

/** An OCTET STRING's DER, framed here (asn1js's would cost more than the rest of the signed attributes). */
export const derOctetString = (value: Buffer) => constructed(0x04, [value]);

/** [n] EXPLICIT around an encoded value. */
export const derExplicit = (tagNumber: number, element: Buffer) => constructed(0xa0 | tagNumber, [element]);

function lengthHeader(identifier: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([identifier, length]);
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n & 0xff);
  return Buffer.from([identifier, 0x80 | octets.length, ...octets]);
}

const encodedOids = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER's DER, encoded by asn1js once per process. */
export function encodedOid(value: string): Buffer {
  let der = encodedOids.get(value);
  if (!der) encodedOids.set(value, (der = encode(oid(value))));
  return der;
}
