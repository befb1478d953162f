/**
 * OCSP responses (RFC 6960) as evidence of a certificate's status: the BasicOCSPResponse's
 * SingleResponse for the certificate (CertID by issuer name and key hash and serial), signed by the
 * issuer or by a responder the issuer delegated to (id-kp-OCSPSigning).
 */
import { verify } from 'node:crypto';
import { DerError, TAG, bitStringBytes, bytesOf, children, contentOf, contextConstructed, contextPrimitive, expect, explicitInner, integerHex, oidOf, readRootDer, smallInteger, timeOf, type Der } from './der';
import { issued, tryReadCertificate, type Certificate } from './certificate';
import { digestName, digestOf } from './signed-data';
import { signatureHash } from './signature-algorithms';

const BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export interface CertificateStatusEvidence {
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** When the evidence was made (OCSP producedAt; a CRL's thisUpdate). */
  issuedAt: Date;
}

interface SingleResponse {
  hashAlgorithm: string | undefined;
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  serialNumber: string;
  status: Der;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** The status an OCSP response gives for `certificate`, or undefined when it says nothing verifiable about it. */
export function ocspEvidence(der: Buffer, certificate: Certificate, issuer: Certificate, pool: Certificate[]): CertificateStatusEvidence | undefined {
  try {
    const response = children(expect(readRootDer(der), TAG.sequence, 'OCSPResponse'));
    if (response[0]?.tag !== TAG.enumerated || smallInteger({ ...response[0], tag: TAG.integer }) !== 0 || !response[1]) return undefined;
    const bytes = children(expect(explicitInner(expect(response[1], contextConstructed(0), 'responseBytes')), TAG.sequence, 'ResponseBytes'));
    if (oidOf(bytes[0]) !== BASIC) return undefined;
    const basic = children(expect(readRootDer(contentOf(expect(bytes[1], TAG.octetString, 'response'))), TAG.sequence, 'BasicOCSPResponse'));
    const [tbs, algorithm, signatureBits, certs] = basic;
    const data = children(expect(tbs, TAG.sequence, 'ResponseData'));
    let i = data[0]?.tag === contextConstructed(0) ? 1 : 0;
    const responderId = data[i++];
    const producedAt = timeOf(data[i++]);
    const single = children(expect(data[i], TAG.sequence, 'responses')).map(readSingleResponse).find((candidate) => matches(candidate, certificate, issuer));
    if (!single) return undefined;
    const embedded = certs ? children(explicitInner(certs)).map((item) => tryReadCertificate(bytesOf(item))).filter((c): c is Certificate => c !== undefined) : [];
    const signer = responderOf(responderId, issuer, [...embedded, ...pool]);
    const hash = signatureHash(oidOf(children(algorithm)[0]));
    if (!signer || !hash || !verify(hash, bytesOf(tbs), { key: signer.publicKey, dsaEncoding: 'der' }, bitStringBytes(signatureBits))) return undefined;
    const status = single.status;
    if (status.tag === contextPrimitive(0)) return { status: 'good', thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, issuedAt: producedAt };
    if (status.tag === contextConstructed(1)) {
      return { status: 'revoked', revokedAt: timeOf(children(status)[0]), thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, issuedAt: producedAt };
    }
    return { status: 'unknown', thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, issuedAt: producedAt };
  } catch (error) {
    if (error instanceof DerError || error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
}

function readSingleResponse(item: Der): SingleResponse {
  const fields = children(expect(item, TAG.sequence, 'SingleResponse'));
  const [algorithm, nameHash, keyHash, serial] = children(expect(fields[0], TAG.sequence, 'CertID'));
  const next = fields[3]?.tag === contextConstructed(0) ? timeOf(explicitInner(fields[3])) : undefined;
  return {
    hashAlgorithm: digestName(oidOf(children(algorithm)[0])),
    issuerNameHash: contentOf(nameHash),
    issuerKeyHash: contentOf(keyHash),
    serialNumber: integerHex(serial),
    status: fields[1],
    thisUpdate: timeOf(fields[2]),
    nextUpdate: next,
  };
}

function matches(single: SingleResponse, certificate: Certificate, issuer: Certificate): boolean {
  if (!single.hashAlgorithm || single.serialNumber !== certificate.serialNumber) return false;
  return digestOf(single.hashAlgorithm, issuer.subjectDer).equals(single.issuerNameHash) && digestOf(single.hashAlgorithm, issuer.publicKeyBits).equals(single.issuerKeyHash);
}

/** The issuer itself, or a certificate it issued for OCSP signing, as the ResponderID names it. */
function responderOf(responderId: Der, issuer: Certificate, candidates: Certificate[]): Certificate | undefined {
  const named = (candidate: Certificate) => {
    if (responderId.tag === contextConstructed(1)) return bytesOf(explicitInner(responderId)).equals(candidate.subjectDer);
    if (responderId.tag === contextConstructed(2)) return contentOf(explicitInner(responderId)).equals(digestOf('sha1', candidate.publicKeyBits));
    return false;
  };
  if (named(issuer)) return issuer;
  return candidates.find((candidate) => named(candidate) && candidate.extendedKeyUsage.includes(OCSP_SIGNING) && issued(issuer, candidate));
}
