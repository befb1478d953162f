/**
 * A CMS SignedData (RFC 5652) read for validation: the PAdES signature itself, a signature
 * time-stamp token and a document time-stamp token are all one. Certificates and CRLs it carries are
 * kept as DER; the one SignerInfo is read down to its attributes.
 */
import { createHash, verify } from 'node:crypto';
import { DerError, TAG, bytesOf, children, contentOf, contextConstructed, contextPrimitive, expect, explicitInner, integerHex, oidOf, readRootDer, type Der } from './der';
import type { Certificate } from './certificate';

export const CMS_OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  adobeRevocationInfoArchival: '1.2.840.113583.1.1.8',
} as const;

const DIGESTS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms: the hash they fix, or null when the SignerInfo's digest algorithm decides. */
const SIGNATURES: Record<string, string | null> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10045.2.1': null,
  '1.2.840.113549.1.1.1': null,
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

export const digestName = (oid: string): string | undefined => DIGESTS[oid];

export type SignerIdentifier = { issuerDer: Buffer; serialNumber: string } | { subjectKeyIdentifier: string };

export interface SignerInfo {
  sid: SignerIdentifier;
  /** node:crypto's name of the digest algorithm, undefined when it is not one we accept. */
  digest: string | undefined;
  digestOid: string;
  signatureOid: string;
  /** The signed attributes re-tagged as the SET OF that was signed. */
  signedAttributes: Buffer | undefined;
  /** Attribute type → its values (DER). */
  signed: Map<string, Der[]>;
  unsigned: Map<string, Der[]>;
  signature: Buffer;
}

export interface SignedData {
  contentType: string;
  /** The encapsulated content, absent for detached signatures. */
  content: Buffer | undefined;
  certificates: Buffer[];
  crls: Buffer[];
  signerInfos: SignerInfo[];
}

/** Reads a ContentInfo holding a SignedData; throws DerError for anything else. */
export function readSignedData(der: Buffer): SignedData {
  const contentInfo = children(expect(readRootDer(der), TAG.sequence, 'ContentInfo'));
  if (contentInfo.length < 2 || oidOf(contentInfo[0]) !== CMS_OID.signedData) throw new DerError('not a SignedData');
  const fields = children(expect(explicitInner(expect(contentInfo[1], contextConstructed(0), '[0] content')), TAG.sequence, 'SignedData'));
  const encap = children(expect(fields[2], TAG.sequence, 'EncapsulatedContentInfo'));
  const eContent = encap[1] ? contentOf(expect(explicitInner(expect(encap[1], contextConstructed(0), '[0] eContent')), TAG.octetString, 'eContent')) : undefined;
  const certificates: Buffer[] = [];
  const crls: Buffer[] = [];
  let i = 3;
  if (fields[i]?.tag === contextConstructed(0)) {
    for (const item of children(fields[i++])) if (item.tag === TAG.sequence) certificates.push(bytesOf(item));
  }
  if (fields[i]?.tag === contextConstructed(1)) {
    for (const item of children(fields[i++])) if (item.tag === TAG.sequence) crls.push(bytesOf(item));
  }
  const signerInfos = children(expect(fields[i], TAG.set, 'SignerInfos')).map(readSignerInfo);
  return { contentType: oidOf(encap[0]), content: eContent, certificates, crls, signerInfos };
}

function readSignerInfo(item: Der): SignerInfo {
  const fields = children(expect(item, TAG.sequence, 'SignerInfo'));
  let i = 1;
  const sidItem = fields[i++];
  let sid: SignerIdentifier;
  if (sidItem?.tag === TAG.sequence) {
    const [issuer, serial] = children(sidItem);
    sid = { issuerDer: bytesOf(expect(issuer, TAG.sequence, 'issuer')), serialNumber: integerHex(serial) };
  } else if (sidItem?.tag === contextPrimitive(0)) {
    sid = { subjectKeyIdentifier: contentOf(sidItem).toString('hex') };
  } else throw new DerError('SignerIdentifier expected');
  const digestOid = oidOf(children(expect(fields[i++], TAG.sequence, 'digestAlgorithm'))[0]);
  let signedAttributes: Buffer | undefined;
  let signed = new Map<string, Der[]>();
  if (fields[i]?.tag === contextConstructed(0)) {
    signedAttributes = Buffer.from(bytesOf(fields[i]));
    signedAttributes[0] = TAG.set; // the signature is over the SET OF, not over the [0] IMPLICIT (RFC 5652 §5.4)
    signed = attributes(fields[i++]);
  }
  const signatureOid = oidOf(children(expect(fields[i++], TAG.sequence, 'signatureAlgorithm'))[0]);
  const signature = contentOf(expect(fields[i++], TAG.octetString, 'signature'));
  const unsigned = fields[i]?.tag === contextConstructed(1) ? attributes(fields[i]) : new Map<string, Der[]>();
  return { sid, digest: DIGESTS[digestOid], digestOid, signatureOid, signedAttributes, signed, unsigned, signature };
}

function attributes(set: Der): Map<string, Der[]> {
  const result = new Map<string, Der[]>();
  for (const attribute of children(set)) {
    const [type, values] = children(expect(attribute, TAG.sequence, 'Attribute'));
    const oid = oidOf(type);
    // An attribute given twice is ambiguous (RFC 5652 §5.3 allows one of each): the reader refuses.
    if (result.has(oid)) throw new DerError(`the attribute ${oid} appears twice`);
    result.set(oid, children(expect(values, TAG.set, 'attribute values')));
  }
  return result;
}

/** Whether `certificate` is the one the SignerInfo names. */
export function namesCertificate(sid: SignerIdentifier, certificate: Certificate): boolean {
  if ('subjectKeyIdentifier' in sid) return certificate.subjectKeyIdentifier === sid.subjectKeyIdentifier;
  return certificate.issuerDer.equals(sid.issuerDer) && certificate.serialNumber === sid.serialNumber;
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

/** The signature value over the signed attributes, checked with the certificate's key. */
export function verifySignerInfo(signerInfo: SignerInfo, certificate: Certificate): SignatureCheck {
  if (!signerInfo.signedAttributes) return 'unsupported';
  const fixed = SIGNATURES[signerInfo.signatureOid];
  const hash = fixed ?? signerInfo.digest;
  if (fixed === undefined || !hash || hash === 'sha1') return 'unsupported';
  try {
    return verify(hash, signerInfo.signedAttributes, { key: certificate.publicKey, dsaEncoding: 'der' }, signerInfo.signature) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** The messageDigest signed attribute's value. */
export function messageDigestOf(signerInfo: SignerInfo): Buffer | undefined {
  const values = signerInfo.signed.get(CMS_OID.messageDigest);
  if (values?.length !== 1 || values[0].tag !== TAG.octetString) return undefined;
  return contentOf(values[0]);
}

export function digestOf(algorithm: string, ...parts: Buffer[]): Buffer {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export type SigningCertificateBinding =
  | { kind: 'absent' }
  | { kind: 'matches' }
  | { kind: 'mismatch'; why: string };

/**
 * The ESS signing-certificate(-v2) attribute (RFC 5035, RFC 2634): its first ESSCertID must be the
 * certificate whose key verifies the signature (hash, and issuer and serial when given). pdfsig and
 * openssl do not check it; without it a signature could be re-attributed to another certificate of
 * the same key.
 */
export function signingCertificateBinding(signerInfo: SignerInfo, certificate: Certificate): SigningCertificateBinding {
  const v2 = signerInfo.signed.get(CMS_OID.signingCertificateV2);
  const v1 = signerInfo.signed.get(CMS_OID.signingCertificate);
  const values = v2 ?? v1;
  if (!values) return { kind: 'absent' };
  try {
    if (values.length !== 1) return { kind: 'mismatch', why: 'the attribute has more than one value' };
    const [certs] = children(expect(values[0], TAG.sequence, 'SigningCertificate'));
    const [first] = children(expect(certs, TAG.sequence, 'certs'));
    if (!first) return { kind: 'mismatch', why: 'the attribute names no certificate' };
    const parts = children(expect(first, TAG.sequence, 'ESSCertID'));
    let i = 0;
    let algorithm = v2 ? 'sha256' : 'sha1';
    if (v2 && parts[0]?.tag === TAG.sequence) algorithm = DIGESTS[oidOf(children(parts[i++])[0])] ?? '';
    if (!algorithm) return { kind: 'mismatch', why: 'the attribute uses an unknown hash algorithm' };
    const hash = contentOf(expect(parts[i++], TAG.octetString, 'certHash'));
    if (!digestOf(algorithm, certificate.der).equals(hash)) return { kind: 'mismatch', why: 'its certificate hash is not that of the certificate that verifies the signature' };
    const issuerSerial = parts[i];
    if (issuerSerial) {
      const [names, serial] = children(expect(issuerSerial, TAG.sequence, 'IssuerSerial'));
      const directoryNames = children(names).filter((name) => name.tag === contextConstructed(4)).map((name) => bytesOf(explicitInner(name)));
      if (integerHex(serial) !== certificate.serialNumber || !directoryNames.some((name) => name.equals(certificate.issuerDer))) {
        return { kind: 'mismatch', why: 'its issuer and serial number are not those of the certificate that verifies the signature' };
      }
    }
    return { kind: 'matches' };
  } catch (error) {
    return { kind: 'mismatch', why: `the attribute cannot be read (${(error as Error).message})` };
  }
}
