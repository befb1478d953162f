/**
 * Verifies an RFC 3161 time-stamp token (a CMS SignedData over a TSTInfo) against TSA certificates the
 * caller trusts: the signer is one of them (or a time-stamping certificate one of the trusted issuers
 * signed, so a renewed TSA certificate still verifies), the CMS signature over the signed attributes
 * holds, the messageDigest is the TSTInfo's, signing-certificate-v2 names the signer, and the token
 * stamps the expected imprint. What `openssl ts -verify` checks, short of building the chain itself.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { children, content, DerError, expectTag, readRoot, whole, type Tlv } from '../der/der-reader';
import { oid, Tag } from '../der/der-writer';
import { strictInteger, strictOid } from './strict-der';
import { readTsaCertificate, type TsaCertificate } from './tsa-certificate';
import { hashAlgorithmOfOid, TSA_OID, type TsaHashAlgorithm } from './tsa-oids';

export interface TimeStampTrust {
  /** DER TSA certificates whose tokens are accepted. */
  tsaCertificates: Buffer[];
  /** DER CA certificates: a token whose embedded TSA certificate one of them issued is accepted too. */
  tsaIssuers?: Buffer[];
}

export interface VerifiedTimeStamp {
  genTime: Date;
  /** The token's serial number, hexadecimal. */
  serialNumber: string;
  policy: string;
  /** DER certificate of the TSA that signed it. */
  tsaCertificateDer: Buffer;
}

/** The token does not verify; the message says which check failed. */
export class TimeStampTokenError extends Error {
  override name = 'TimeStampTokenError';
}

const CONTEXT_0 = 0xa0;

/** Verifies `token` stamps `imprint` (its hash algorithm given) and returns what it asserts. */
export function verifyTimeStampToken(token: Buffer, imprint: { hashAlgorithm: TsaHashAlgorithm; digest: Buffer }, trust: TimeStampTrust): VerifiedTimeStamp {
  try {
    return verify(token, imprint, trust);
  } catch (error) {
    if (error instanceof DerError) throw new TimeStampTokenError(`the time-stamp token is malformed: ${error.message}`);
    throw error;
  }
}

function verify(token: Buffer, imprint: { hashAlgorithm: TsaHashAlgorithm; digest: Buffer }, trust: TimeStampTrust): VerifiedTimeStamp {
  const [contentType, wrapped] = children(token, expectTag(readRoot(token), Tag.SEQUENCE, 'ContentInfo'));
  if (oidOf(token, contentType) !== TSA_OID.signedData) throw new TimeStampTokenError('the token is not a CMS SignedData');
  const signedData = children(token, expectTag(children(token, expectTag(wrapped, CONTEXT_0, 'content'))[0], Tag.SEQUENCE, 'SignedData'));
  const encapsulated = children(token, expectTag(signedData[2], Tag.SEQUENCE, 'encapContentInfo'));
  if (oidOf(token, encapsulated[0]) !== TSA_OID.tstInfo) throw new TimeStampTokenError('the token does not encapsulate a TSTInfo');
  const tstInfo = Buffer.from(content(token, expectTag(children(token, expectTag(encapsulated[1], CONTEXT_0, 'eContent'))[0], Tag.OCTET_STRING, 'eContent')));
  const certificates = signedData.find((field) => field.tag === CONTEXT_0);
  const embedded = certificates ? children(token, certificates).map((certificate) => Buffer.from(whole(token, certificate))) : [];
  const signerInfos = children(token, expectTag(signedData[signedData.length - 1], Tag.SET, 'signerInfos'));
  if (signerInfos.length !== 1) throw new TimeStampTokenError('a time-stamp token has exactly one signer');

  const signer = children(token, expectTag(signerInfos[0], Tag.SEQUENCE, 'SignerInfo'));
  const signerId = whole(token, expectTag(signer[1], Tag.SEQUENCE, 'issuerAndSerialNumber'));
  const tsa = trustedSigner(signerId, embedded, trust);
  const digestAlgorithm = hashOf(token, signer[2]);
  const attributesField = expectTag(signer[3], CONTEXT_0, 'signedAttrs');
  const attributes = readAttributes(token, attributesField);
  const signature = content(token, expectTag(signer[5], Tag.OCTET_STRING, 'signature'));

  if (!attributes.get(TSA_OID.contentType)?.equals(oid(TSA_OID.tstInfo))) throw new TimeStampTokenError('the signed content type is not TSTInfo');
  const messageDigest = attributes.get(TSA_OID.messageDigest);
  const expectedDigest = createHash(digestAlgorithm).update(tstInfo).digest();
  if (!messageDigest || !content(messageDigest, readRoot(messageDigest)).equals(expectedDigest)) throw new TimeStampTokenError('the signed message digest is not the TSTInfo’s (altered)');
  checkSigningCertificate(attributes.get(TSA_OID.signingCertificateV2), tsa.der);
  // The signature covers the attributes as a SET OF (RFC 5652 §5.4), not under their [0] tag.
  const signedAttributes = Buffer.concat([Buffer.from([Tag.SET]), whole(token, attributesField).subarray(1)]);
  if (!verifySignature(digestAlgorithm, signedAttributes, { key: tsa.publicKeySpki, format: 'der', type: 'spki', dsaEncoding: 'der' }, signature)) {
    throw new TimeStampTokenError('the TSA’s signature does not verify');
  }

  const stamped = readTstInfo(tstInfo);
  if (stamped.hashAlgorithm !== imprint.hashAlgorithm || !stamped.imprint.equals(imprint.digest)) throw new TimeStampTokenError('the token stamps another imprint');
  if (stamped.genTime < tsa.notBefore || stamped.genTime > tsa.notAfter) throw new TimeStampTokenError('the token’s time is outside its TSA certificate’s validity');
  return { genTime: stamped.genTime, serialNumber: stamped.serialNumber, policy: stamped.policy, tsaCertificateDer: tsa.der };
}

/** The signer's certificate: a trusted one, or an embedded time-stamping certificate a trusted issuer signed. */
function trustedSigner(signerId: Buffer, embedded: Buffer[], trust: TimeStampTrust): TsaCertificate {
  const named = (der: Buffer) => {
    try {
      const certificate = readTsaCertificate(der);
      return certificate.issuerAndSerialNumber.equals(signerId) ? certificate : undefined;
    } catch {
      return undefined;
    }
  };
  for (const der of trust.tsaCertificates) {
    const certificate = named(der);
    if (certificate) return certificate;
  }
  for (const der of embedded) {
    const certificate = named(der);
    if (!certificate) continue;
    const x509 = new X509Certificate(der);
    for (const issuerDer of trust.tsaIssuers ?? []) {
      const issuer = new X509Certificate(issuerDer);
      if (x509.checkIssued(issuer) && x509.verify(issuer.publicKey)) return certificate;
    }
  }
  throw new TimeStampTokenError('the token is signed by a TSA certificate that is not trusted here');
}

function readAttributes(der: Buffer, field: Tlv): Map<string, Buffer> {
  const attributes = new Map<string, Buffer>();
  for (const attribute of children(der, field)) {
    const [type, values] = children(der, expectTag(attribute, Tag.SEQUENCE, 'Attribute'));
    const [value, ...more] = children(der, expectTag(values, Tag.SET, 'attrValues'));
    const name = oidOf(der, type);
    if (!value || more.length || attributes.has(name)) throw new TimeStampTokenError(`signed attribute ${name} must have exactly one value`);
    attributes.set(name, Buffer.from(whole(der, value)));
  }
  return attributes;
}

/** ESS signing-certificate-v2 (RFC 5035): its first ESSCertIDv2 must be the signer's certificate. */
function checkSigningCertificate(attribute: Buffer | undefined, certificateDer: Buffer): void {
  if (!attribute) throw new TimeStampTokenError('the token does not name its TSA certificate (signing-certificate-v2)');
  const [certIds] = children(attribute, expectTag(readRoot(attribute), Tag.SEQUENCE, 'SigningCertificateV2'));
  const [first] = children(attribute, expectTag(certIds, Tag.SEQUENCE, 'certs'));
  const fields = children(attribute, expectTag(first, Tag.SEQUENCE, 'ESSCertIDv2'));
  let algorithm: TsaHashAlgorithm = 'sha256';
  let index = 0;
  if (fields[0]?.tag === Tag.SEQUENCE) algorithm = hashOf(attribute, fields[index++]);
  const certHash = content(attribute, expectTag(fields[index], Tag.OCTET_STRING, 'certHash'));
  if (!certHash.equals(createHash(algorithm).update(certificateDer).digest())) throw new TimeStampTokenError('signing-certificate-v2 names another certificate');
}

function readTstInfo(der: Buffer) {
  const fields = children(der, expectTag(readRoot(der), Tag.SEQUENCE, 'TSTInfo'));
  const policy = oidOf(der, fields[1]);
  const [algorithm, hashed] = children(der, expectTag(fields[2], Tag.SEQUENCE, 'messageImprint'));
  const serialNumber = strictInteger(content(der, expectTag(fields[3], Tag.INTEGER, 'serialNumber'))).toString(16).toUpperCase();
  return {
    policy,
    hashAlgorithm: hashOf(der, algorithm),
    imprint: Buffer.from(content(der, expectTag(hashed, Tag.OCTET_STRING, 'hashedMessage'))),
    serialNumber,
    genTime: readGeneralizedTime(der, expectTag(fields[4], Tag.GENERALIZED_TIME, 'genTime')),
  };
}

/** GeneralizedTime as RFC 3161 writes it: YYYYMMDDHHMMSS[.fraction]Z. */
function readGeneralizedTime(der: Buffer, field: Tlv): Date {
  const text = content(der, field).toString('latin1');
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (!match) throw new TimeStampTokenError('genTime is not a GeneralizedTime in UTC');
  const [, year, month, day, hour, minute, second, fraction = '0'] = match;
  const millis = Math.floor(Number(`0.${fraction}`) * 1000);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis));
}

function hashOf(der: Buffer, algorithmIdentifier: Tlv): TsaHashAlgorithm {
  const [algorithm] = children(der, expectTag(algorithmIdentifier, Tag.SEQUENCE, 'AlgorithmIdentifier'));
  const name = hashAlgorithmOfOid(oidOf(der, algorithm));
  if (!name) throw new TimeStampTokenError('the token uses an unsupported hash algorithm');
  return name;
}

const oidOf = (der: Buffer, field: Tlv | undefined) => strictOid(content(der, expectTag(field, Tag.OID, 'OBJECT IDENTIFIER')));
