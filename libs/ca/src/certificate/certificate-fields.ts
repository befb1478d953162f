import { children, content, DerError, expectTag, readRoot, readTlv, whole, type Tlv } from '../der/der-reader';
import { Tag } from '../der/der-writer';
import { readValidityTime } from './validity-time';

/**
 * The fields of an encoded X.509 certificate that the CA needs back: of its own certificates (stored in
 * the database) and of the CAs and responders the OCSP responder serves. Buffers are slices of the
 * certificate's bytes, not copies.
 */
export interface CertificateFields {
  /** Content octets of the serialNumber INTEGER, as encoded. */
  readonly serial: Buffer;
  /** DER of the issuer Name. */
  readonly issuerDer: Buffer;
  /** DER of the subject Name: what issuerNameHash hashes for a CA (RFC 6960 §4.1.1). */
  readonly subjectDer: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** DER of the SubjectPublicKeyInfo. */
  readonly spki: Buffer;
  /** The subjectPublicKey BIT STRING value without its unused-bits octet: what issuerKeyHash and KeyHash hash. */
  readonly subjectPublicKey: Buffer;
}

export function readCertificateFields(der: Buffer): CertificateFields {
  const certificate = expectTag(readRoot(der), Tag.SEQUENCE, 'Certificate');
  const tbs = expectTag(children(der, certificate)[0], Tag.SEQUENCE, 'TBSCertificate');
  const fields = children(der, tbs);
  // version [0] EXPLICIT is present in every v3 certificate and absent in v1.
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const spki = expectTag(fields[at + 5], Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  return new ReadFields(
    der,
    expectTag(fields[at], Tag.INTEGER, 'serialNumber'),
    expectTag(fields[at + 2], Tag.SEQUENCE, 'issuer Name'),
    expectTag(fields[at + 3], Tag.SEQUENCE, 'Validity'),
    expectTag(fields[at + 4], Tag.SEQUENCE, 'subject Name'),
    spki,
  );
}

/**
 * The validity is read when asked: the OCSP responder reads its issuers' certificates for the name and
 * key hashes only, and the two dates would double the cost of the read.
 */
class ReadFields implements CertificateFields {
  readonly serial: Buffer;
  readonly issuerDer: Buffer;
  readonly subjectDer: Buffer;
  readonly spki: Buffer;
  readonly subjectPublicKey: Buffer;
  #notBefore?: Date;
  #notAfter?: Date;

  constructor(
    private readonly der: Buffer,
    serial: Tlv,
    issuer: Tlv,
    private readonly validity: Tlv,
    subject: Tlv,
    spki: Tlv,
  ) {
    this.serial = content(der, serial);
    this.issuerDer = whole(der, issuer);
    this.subjectDer = whole(der, subject);
    this.spki = whole(der, spki);
    this.subjectPublicKey = subjectPublicKeyBits(der, spki.start);
  }

  get notBefore(): Date {
    return (this.#notBefore ??= readValidityTime(this.der, children(this.der, this.validity)[0]));
  }

  get notAfter(): Date {
    return (this.#notAfter ??= readValidityTime(this.der, children(this.der, this.validity)[1]));
  }
}

/** The key bits of a DER SubjectPublicKeyInfo (by itself, or at `offset` inside a larger buffer). */
export function subjectPublicKeyBits(buf: Buffer, offset = 0): Buffer {
  const spki = expectTag(readTlv(buf, offset), Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  const [algorithm, bits, extra] = children(buf, spki);
  expectTag(algorithm, Tag.SEQUENCE, 'AlgorithmIdentifier');
  const bitString = content(buf, expectTag(bits, Tag.BIT_STRING, 'subjectPublicKey'));
  if (extra || bitString.length < 2 || bitString[0] !== 0) throw new DerError('malformed subjectPublicKey');
  return bitString.subarray(1);
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  // Sliced by hand: a /.{1,64}/g match and a join cost several times more (every issuance answer is one).
  const base64 = der.toString('base64');
  let body = '';
  for (let at = 0; at < base64.length; at += 64) body += `${base64.slice(at, at + 64)}\n`;
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}
