/**
 * A certificate as validation needs it: names as encoded (to match issuers, CMS signer identifiers
 * and OCSP CertIDs), the subject's attributes (a citizen's civil number, an organisation's
 * identifier), validity, and node:crypto for the key and the issuer's signature.
 */
import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { DerError, TAG, bitStringBytes, bytesOf, children, contextConstructed, expect, explicitInner, oidOf, integerHex, readRootDer, stringOf, timeOf, type Der } from './der';

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export interface NameAttribute {
  type: string;
  value: string;
}

export interface Certificate {
  der: Buffer;
  sha256: Buffer;
  x509: X509Certificate;
  publicKey: KeyObject;
  serialNumber: string;
  /** The issuer and subject Names, DER as encoded. */
  issuerDer: Buffer;
  subjectDer: Buffer;
  subject: NameAttribute[];
  issuer: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  /** The subjectPublicKey BIT STRING's bytes (what OCSP's issuerKeyHash hashes). */
  publicKeyBits: Buffer;
  /** subjectKeyIdentifier, hex, when present. */
  subjectKeyIdentifier?: string;
  isCa: boolean;
  extendedKeyUsage: string[];
}

export function readCertificate(der: Buffer): Certificate {
  const x509 = new X509Certificate(der); // throws on anything that is not a certificate
  const root = readRootDer(der);
  const [tbs] = children(expect(root, TAG.sequence, 'Certificate'));
  const fields = children(expect(tbs, TAG.sequence, 'TBSCertificate'));
  let i = fields[0]?.tag === contextConstructed(0) ? 1 : 0;
  const serial = fields[i++];
  i++; // signature algorithm
  const issuer = expect(fields[i++], TAG.sequence, 'issuer');
  const validity = children(expect(fields[i++], TAG.sequence, 'validity'));
  const subject = expect(fields[i++], TAG.sequence, 'subject');
  const spki = children(expect(fields[i++], TAG.sequence, 'SubjectPublicKeyInfo'));
  if (validity.length !== 2) throw new DerError('malformed validity');
  const extensions = fields.find((field) => field.tag === contextConstructed(3));
  const subjectKeyIdentifier = extensions ? extensionValue(extensions, '2.5.29.14') : undefined;
  return {
    der,
    sha256: createHash('sha256').update(der).digest(),
    x509,
    publicKey: x509.publicKey,
    serialNumber: integerHex(serial),
    issuerDer: Buffer.from(bytesOf(issuer)),
    subjectDer: Buffer.from(bytesOf(subject)),
    subject: nameAttributes(subject),
    issuer: nameAttributes(issuer),
    notBefore: timeOf(validity[0]),
    notAfter: timeOf(validity[1]),
    publicKeyBits: Buffer.from(bitStringBytes(spki[1])),
    subjectKeyIdentifier: subjectKeyIdentifier ? keyIdentifierHex(subjectKeyIdentifier) : undefined,
    isCa: x509.ca,
    extendedKeyUsage: x509.keyUsage ?? [],
  };
}

/** Reads a certificate, or undefined for bytes that are none (a DSS entry a tool got wrong). */
export function tryReadCertificate(der: Buffer): Certificate | undefined {
  try {
    return readCertificate(der);
  } catch {
    return undefined;
  }
}

export function nameAttributes(name: Der): NameAttribute[] {
  const attributes: NameAttribute[] = [];
  for (const rdn of children(name)) {
    for (const pair of children(rdn)) {
      const [type, value] = children(pair);
      const oid = oidOf(type);
      attributes.push({ type: ATTRIBUTE_NAMES[oid] ?? oid, value: stringOf(value) });
    }
  }
  return attributes;
}

export function describeName(attributes: NameAttribute[]): string {
  return attributes.map(({ type, value }) => `${type}=${value}`).join(', ');
}

export const attributeOf = (attributes: NameAttribute[], type: string) => attributes.find((attribute) => attribute.type === type)?.value;

/** The civil number a natural person's ETSI EN 319 412-1 semantics identifier carries (PNOxx-…). */
export function civilNumberOf(certificate: Certificate): string | undefined {
  const serial = attributeOf(certificate.subject, 'serialNumber');
  const match = serial ? /^PNO[A-Z]{2}-(.+)$/.exec(serial) : null;
  return match?.[1];
}

/** Whether `issuer` issued `subject`: names match and its key verifies the certificate's signature. */
export function issued(issuer: Certificate, subject: Certificate): boolean {
  if (!issuer.subjectDer.equals(subject.issuerDer)) return false;
  try {
    return subject.x509.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function extensionValue(extensions: Der, oid: string): Der | undefined {
  for (const extension of children(explicitInner(extensions))) {
    const parts = children(extension);
    if (oidOf(parts[0]) === oid) return parts[parts.length - 1];
  }
  return undefined;
}

function keyIdentifierHex(octetString: Der): string | undefined {
  try {
    const inner = readRootDer(octetString.buffer.subarray(octetString.contentStart, octetString.end));
    return inner.tag === TAG.octetString ? inner.buffer.subarray(inner.contentStart, inner.end).toString('hex') : undefined;
  } catch {
    return undefined;
  }
}
