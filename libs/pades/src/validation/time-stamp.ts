/**
 * RFC 3161 time-stamp tokens, for a signature time-stamp (over the signature value) and for a
 * document time-stamp (over its byte range): the TSTInfo's imprint, the TSA's signature over it, the
 * ESS binding of the TSA certificate, and its extended key usage.
 */
import { DerError, TAG, children, contentOf, expect, oidOf, readRootDer, timeOf } from './der';
import { tryReadCertificate, type Certificate } from './certificate';
import { CMS_OID, digestName, digestOf, messageDigestOf, namesCertificate, readSignedData, signingCertificateBinding, verifySignerInfo } from './signed-data';

const TIME_STAMPING = '1.3.6.1.5.5.7.3.8';

export interface TstInfo {
  /** node:crypto's name of the imprint's hash algorithm (undefined when unknown). */
  imprintAlgorithm: string | undefined;
  imprint: Buffer;
  genTime: Date;
  serialNumber: string;
}

export type TimeStampCheck =
  | { ok: true; genTime: Date; tsa: Certificate; certificates: Certificate[] }
  | { ok: false; problem: 'malformed' | 'imprint' | 'signature' | 'no-certificate' | 'not-a-tsa'; detail: string; genTime?: Date; certificates: Certificate[] };

/**
 * Checks a token against what it should cover; `imprintOf(algorithm)` computes the expected imprint
 * with the token's algorithm. The TSA's chain is the caller's business.
 */
export function checkTimeStampToken(token: Buffer, imprintOf: (algorithm: string) => Buffer, knownCertificates: Certificate[]): TimeStampCheck {
  let certificates: Certificate[] = [];
  try {
    const signedData = readSignedData(token);
    certificates = signedData.certificates.map(tryReadCertificate).filter((c): c is Certificate => c !== undefined);
    if (signedData.contentType !== CMS_OID.tstInfo || !signedData.content) return { ok: false, problem: 'malformed', detail: 'the token holds no TSTInfo', certificates };
    const info = readTstInfo(signedData.content);
    if (!info.imprintAlgorithm || info.imprintAlgorithm === 'sha1') return { ok: false, problem: 'imprint', detail: 'the token\'s imprint uses an unsupported hash', genTime: info.genTime, certificates };
    if (!imprintOf(info.imprintAlgorithm).equals(info.imprint)) return { ok: false, problem: 'imprint', detail: 'the token\'s message imprint is not over the data it time-stamps', genTime: info.genTime, certificates };
    const [signerInfo] = signedData.signerInfos;
    if (!signerInfo || signedData.signerInfos.length !== 1) return { ok: false, problem: 'malformed', detail: 'the token must have one signer', certificates };
    const digest = messageDigestOf(signerInfo);
    if (!signerInfo.digest || !digest || !digestOf(signerInfo.digest, signedData.content).equals(digest)) {
      return { ok: false, problem: 'signature', detail: 'the token\'s message digest is not that of its TSTInfo', genTime: info.genTime, certificates };
    }
    const tsa = [...certificates, ...knownCertificates].find((certificate) => namesCertificate(signerInfo.sid, certificate));
    if (!tsa) return { ok: false, problem: 'no-certificate', detail: 'the TSA\'s certificate is neither in the token nor in the document', genTime: info.genTime, certificates };
    if (verifySignerInfo(signerInfo, tsa) !== 'valid') return { ok: false, problem: 'signature', detail: 'the TSA\'s signature does not verify', genTime: info.genTime, certificates };
    const binding = signingCertificateBinding(signerInfo, tsa);
    if (binding.kind === 'mismatch') return { ok: false, problem: 'signature', detail: `the token's signing-certificate attribute: ${binding.why}`, genTime: info.genTime, certificates };
    if (!tsa.extendedKeyUsage.includes(TIME_STAMPING)) return { ok: false, problem: 'not-a-tsa', detail: 'the signer of the token is not a time-stamping authority (no timeStamping extended key usage)', genTime: info.genTime, certificates };
    return { ok: true, genTime: info.genTime, tsa, certificates };
  } catch (error) {
    return { ok: false, problem: 'malformed', detail: `the token cannot be read (${(error as Error).message})`, certificates };
  }
}

export function readTstInfo(der: Buffer): TstInfo {
  const fields = children(expect(readRootDer(der), TAG.sequence, 'TSTInfo'));
  const [algorithm, hashed] = children(expect(fields[2], TAG.sequence, 'MessageImprint'));
  if (!fields[4]) throw new DerError('TSTInfo without genTime');
  return {
    imprintAlgorithm: digestName(oidOf(children(algorithm)[0])),
    imprint: contentOf(expect(hashed, TAG.octetString, 'hashedMessage')),
    serialNumber: contentOf(fields[3]).toString('hex'),
    genTime: timeOf(expect(fields[4], TAG.generalizedTime, 'genTime')),
  };
}
