/** Small asn1js helpers: DER building blocks, and raw DER embedded byte for byte. */
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
export const octetString = (value: Buffer) => new asn1js.OctetString({ valueHex: value });
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
