/**
 * What the token needs from the TSA's X.509 certificate: the issuer and serial that identify the signer
 * (CMS issuerAndSerialNumber, ESS issuerSerial), the subject for the optional `tsa` name, and the checks
 * that catch a misconfigured TSA before it hands out tokens nobody can verify.
 */
import { createHash } from 'node:crypto';
import { readValidityTime } from '../certificate/validity-time';
import { children, content, DerError, expectTag, readRoot, whole, type Tlv } from '../der/der-reader';
import { explicit, octetString, sequence, Tag } from '../der/der-writer';
import { strictBoolean, strictOid } from './strict-der';
import { TSA_OID } from './tsa-oids';

/** The TSA certificate cannot sign tokens (wrong purpose, unreadable, expired): an operator problem. */
export class TsaCertificateError extends Error {
  override name = 'TsaCertificateError';
}

export interface TsaCertificate {
  der: Buffer;
  /** DER IssuerAndSerialNumber (RFC 5652 §10.2.4), copied from the certificate. */
  issuerAndSerialNumber: Buffer;
  /** DER Name of the subject. */
  subjectName: Buffer;
  /** DER SubjectPublicKeyInfo. */
  publicKeySpki: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** DER SigningCertificateV2 (RFC 5035) naming this certificate by SHA-256 hash and issuerSerial. */
  signingCertificateV2: Buffer;
}

// Parsed once per certificate buffer: issuance runs at signing speed, the certificate rarely changes.
const cache = new WeakMap<Buffer, TsaCertificate>();

export function readTsaCertificate(der: Buffer): TsaCertificate {
  let parsed = cache.get(der);
  if (!parsed) {
    try {
      parsed = parse(der);
    } catch (error) {
      if (error instanceof DerError) throw new TsaCertificateError(`TSA certificate is not valid DER: ${error.message}`);
      throw error;
    }
    cache.set(der, parsed);
  }
  return parsed;
}

function parse(der: Buffer): TsaCertificate {
  const [tbs] = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'Certificate'));
  const fields = children(der, expectTag(tbs, Tag.SEQUENCE, 'TBSCertificate'));
  let index = fields[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version
  const serial = expectTag(fields[index++], Tag.INTEGER, 'serialNumber');
  index++; // signature AlgorithmIdentifier
  const issuer = expectTag(fields[index++], Tag.SEQUENCE, 'issuer');
  const [notBefore, notAfter] = children(der, expectTag(fields[index++], Tag.SEQUENCE, 'validity'));
  const subject = expectTag(fields[index++], Tag.SEQUENCE, 'subject');
  const spki = expectTag(fields[index++], Tag.SEQUENCE, 'subjectPublicKeyInfo');
  const extensions = fields.find((field) => field.tag === 0xa3);
  checkTimeStampingPurpose(der, extensions);

  const issuerDer = whole(der, issuer);
  const serialDer = whole(der, serial);
  const certHash = createHash('sha256').update(der).digest();
  return {
    der,
    issuerAndSerialNumber: sequence(issuerDer, serialDer),
    subjectName: Buffer.from(whole(der, subject)),
    publicKeySpki: Buffer.from(whole(der, spki)),
    notBefore: readValidityTime(der, notBefore),
    notAfter: readValidityTime(der, notAfter),
    // ESSCertIDv2: hashAlgorithm is DEFAULT sha256, so DER omits it; issuerSerial = { GeneralNames
    // { directoryName [4] issuer }, serialNumber } lets verifiers match the certificate without guessing.
    signingCertificateV2: sequence(sequence(sequence(octetString(certHash), sequence(sequence(explicit(4, issuerDer)), serialDer)))),
  };
}

/**
 * RFC 3161 §2.3: the TSA certificate carries exactly one extended key usage, id-kp-timeStamping, marked
 * critical. Verifiers (OpenSSL included) refuse tokens from any other certificate, so refuse to sign.
 */
function checkTimeStampingPurpose(der: Buffer, extensionsField: Tlv | undefined): void {
  const extensions = extensionsField ? children(der, expectTag(children(der, extensionsField)[0], Tag.SEQUENCE, 'Extensions')) : [];
  const ekus = extensions
    .map((extension) => children(der, extension))
    .filter(([id]) => strictOid(content(der, expectTag(id, Tag.OID, 'extnID'))) === TSA_OID.extKeyUsage);
  if (ekus.length !== 1) throw new TsaCertificateError('TSA certificate must have one extended key usage extension');
  const [, critical, value] = ekus[0];
  if (critical?.tag !== Tag.BOOLEAN || !strictBoolean(content(der, critical))) {
    throw new TsaCertificateError('TSA certificate extended key usage must be critical');
  }
  const inner = content(der, expectTag(value, Tag.OCTET_STRING, 'extnValue'));
  const purposes = children(inner, expectTag(readRoot(inner), Tag.SEQUENCE, 'ExtKeyUsageSyntax'));
  const onlyTimeStamping = purposes.length === 1 && strictOid(content(inner, expectTag(purposes[0], Tag.OID, 'KeyPurposeId'))) === TSA_OID.timeStamping;
  if (!onlyTimeStamping) throw new TsaCertificateError('TSA certificate extended key usage must be timeStamping only');
}
