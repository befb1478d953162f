/**
 * The TSA itself: decides policy and extensions for a parsed request, builds the TSTInfo and signs it
 * into a time-stamp token (RFC 3161 §2.4.2, RFC 5816 signing-certificate-v2).
 */
import { createPublicKey } from 'node:crypto';
import type { SigningKey } from '@theqa/keys';
import { TimeStampError } from './failure-info';
import { cmsAttribute, signedDataContentInfo } from './signed-data';
import { parseTimeStampRequest, type TimeStampRequest } from './time-stamp-request';
import { grantedResponse, rejectTimeStamp } from './time-stamp-response';
import { readTsaCertificate, TsaCertificateError, type TsaCertificate } from './tsa-certificate';
import { TSA_OID } from './tsa-oids';
import { encodeTstInfo, type TimeStampAccuracy } from './tst-info';

export interface TsaIdentity {
  key: SigningKey;
  /** DER certificate of `key`: critical extendedKeyUsage timeStamping only (RFC 3161 §2.3). */
  certificateDer: Buffer;
  /** DER CA certificates up to (optionally including) the root, sent along with the TSA certificate. */
  chainDer?: Buffer[];
  /** Policy of tokens whose request names none. Always accepted. */
  policyOid: string;
  /** Further policies a request may ask for. */
  acceptedPolicies?: string[];
  /** Put the TSA's subject name in TSTInfo's optional `tsa` field. */
  includeTsaName?: boolean;
}

export interface IssueTimeStampOptions {
  request: TimeStampRequest;
  tsa: TsaIdentity;
  /** Unique per token, at most 160 bits (RFC 3161). */
  serialNumber: Buffer | bigint;
  /** From the TSA's trusted clock. */
  genTime: Date;
  accuracy: TimeStampAccuracy;
  /** This TSA never claims ordering (RFC 3161 §2.4.2), so only false is allowed. */
  ordering?: false;
}

/** The TimeStampToken (a CMS ContentInfo), e.g. for embedding as a signature time-stamp. */
export async function createTimeStampToken(options: IssueTimeStampOptions): Promise<Buffer> {
  const { request, tsa } = options;
  const policy = choosePolicy(request, tsa);
  // No request extension is defined by RFC 3161 or understood here: refusing is the safe answer
  // (§2.4.1: the TSA must reject extensions it does not support).
  if (request.extensions?.length) throw new TimeStampError('unacceptedExtension', 'request extensions are not supported');

  const certificate = readTsaCertificate(tsa.certificateDer);
  checkCertificateUsable(certificate, tsa.key, options.genTime);

  const tstInfo = encodeTstInfo({
    policy,
    hashAlgorithm: request.hashAlgorithm,
    hashParameters: request.hashParameters,
    messageImprint: request.messageImprint,
    serialNumber: options.serialNumber,
    genTime: options.genTime,
    accuracy: options.accuracy,
    nonce: request.nonce,
    tsaName: tsa.includeTsaName ? certificate.subjectName : undefined,
  });
  return signedDataContentInfo({
    eContentType: TSA_OID.tstInfo,
    eContent: tstInfo,
    key: tsa.key,
    issuerAndSerialNumber: certificate.issuerAndSerialNumber,
    // certReq false: RFC 3161 says the certificates field MUST NOT be present.
    certificates: request.certReq ? [certificate.der, ...(tsa.chainDer ?? [])] : [],
    signedAttributes: [cmsAttribute(TSA_OID.signingCertificateV2, certificate.signingCertificateV2)],
  });
}

/** A granted TimeStampResp. Throws TimeStampError for requests that must be rejected. */
export async function issueTimeStamp(options: IssueTimeStampOptions): Promise<Buffer> {
  return grantedResponse(await createTimeStampToken(options));
}

/**
 * The whole exchange for a transport (HTTP `application/timestamp-query`): always a TimeStampResp,
 * a rejection for a refused request. Other errors (key store down, bad TSA certificate) propagate so
 * the caller can log them and answer `rejectTimeStamp('systemFailure')`.
 */
export async function respondToTimeStampRequest(requestDer: Buffer, options: Omit<IssueTimeStampOptions, 'request'>): Promise<Buffer> {
  try {
    return await issueTimeStamp({ ...options, request: parseTimeStampRequest(requestDer) });
  } catch (error) {
    if (error instanceof TimeStampError) return rejectTimeStamp(error.failureInfo, error.message);
    throw error;
  }
}

function choosePolicy(request: TimeStampRequest, tsa: TsaIdentity): string {
  if (request.reqPolicy === undefined || request.reqPolicy === tsa.policyOid) return tsa.policyOid;
  if (tsa.acceptedPolicies?.includes(request.reqPolicy)) return request.reqPolicy;
  throw new TimeStampError('unacceptedPolicy', 'requested policy is not supported');
}

const keyMatches = new WeakMap<SigningKey, Buffer>();

/** A token from an expired certificate or a certificate of another key would never verify. */
function checkCertificateUsable(certificate: TsaCertificate, key: SigningKey, genTime: Date): void {
  if (genTime < certificate.notBefore || genTime > certificate.notAfter) {
    throw new TsaCertificateError('genTime is outside the TSA certificate validity');
  }
  if (keyMatches.get(key) === certificate.der) return;
  // Compare keys, not encodings: the same key may be serialised differently by the key store, so both
  // are re-encoded by OpenSSL. Not KeyObject.equals: for keys of different types Node 20 leaves
  // EVP_R_DIFFERENT_KEY_TYPES on OpenSSL's error queue, which then fails an unrelated later call.
  const canonical = (spki: Buffer) => createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'der' });
  const same = key.publicKeySpki.equals(certificate.publicKeySpki) || canonical(key.publicKeySpki).equals(canonical(certificate.publicKeySpki));
  if (!same) throw new TsaCertificateError('TSA certificate does not certify the signing key');
  keyMatches.set(key, certificate.der);
}
