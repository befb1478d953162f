import { children, content, DerError, expectTag, readRoot, readTlv, whole } from '../der/der-reader';
import { Tag } from '../der/der-writer';

/** The parts of an X.509 certificate the OCSP code needs, as slices of the certificate's bytes. */
export interface CertificateFields {
  /** DER of the issuer Name. */
  issuer: Buffer;
  /** DER of the subject Name: what issuerNameHash hashes for the CA (RFC 6960 §4.1.1). */
  subject: Buffer;
  subjectPublicKeyInfo: Buffer;
  /** The subjectPublicKey BIT STRING value without its unused-bits octet: what issuerKeyHash and KeyHash hash. */
  subjectPublicKey: Buffer;
}

export function readCertificateFields(der: Buffer): CertificateFields {
  const certificate = expectTag(readRoot(der), Tag.SEQUENCE, 'Certificate');
  const tbs = expectTag(children(der, certificate)[0], Tag.SEQUENCE, 'TBSCertificate');
  const fields = children(der, tbs);
  // version [0] EXPLICIT is present in every v3 certificate and absent in v1.
  const at = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = expectTag(fields[at + 2], Tag.SEQUENCE, 'issuer Name');
  const subject = expectTag(fields[at + 4], Tag.SEQUENCE, 'subject Name');
  const spki = expectTag(fields[at + 5], Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  return {
    issuer: whole(der, issuer),
    subject: whole(der, subject),
    subjectPublicKeyInfo: whole(der, spki),
    subjectPublicKey: subjectPublicKeyBits(der, spki.start),
  };
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
