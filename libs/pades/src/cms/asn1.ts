/** Small asn1js helpers: DER building blocks, and raw DER embedded byte for byte. */
import * as asn1js from 'asn1js';

export type Asn1 = asn1js.AsnType;

/** Already-encoded DER (a certificate, a time-stamp token, signed attributes) embedded unchanged. */
export function raw(der: Buffer): Asn1 {
  return new asn1js.RawData({ data: der }) as unknown as Asn1;
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
