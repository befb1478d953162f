import { randomBytes, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CardCertificate } from './card-certificate';
import { refuse, type WebEidRefusal } from './refusal';

/**
 * The platform's own OCSP responder (RFC 6960): a DER request in, a DER response out. The composition
 * root gives the CA's responder in process; it could as well POST to the responder's URL.
 */
export type OcspTransport = (request: Buffer) => Promise<Buffer>;

const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

export interface RevocationCheckOptions {
  transport: OcspTransport;
  /** How far the responder's clock may be from ours. */
  clockSkewSeconds: number;
}

/**
 * Step: the certificate is good at its issuer's OCSP responder now, as the reference validators ask:
 * a request with a fresh nonce, and a response that is signed by the issuing CA or by a responder it
 * delegated (EKU OCSPSigning), echoes the nonce, speaks of this certificate and is current. Anything
 * else — no answer, a malformed or unsigned one — refuses: a login is not let through unchecked.
 */
export async function checkRevocation(certificate: CardCertificate, issuer: X509Certificate, now: Date, options: RevocationCheckOptions): Promise<WebEidRefusal | undefined> {
  const nonce = randomBytes(32);
  let subject: pkijs.Certificate;
  let issuerCertificate: pkijs.Certificate;
  let request: Buffer;
  try {
    subject = pkijs.Certificate.fromBER(arrayBuffer(certificate.der));
    issuerCertificate = pkijs.Certificate.fromBER(arrayBuffer(issuer.raw));
    request = await ocspRequest(subject, issuerCertificate, nonce);
  } catch {
    return refuse('certificate-invalid', 'no OCSP request can be made for this certificate');
  }
  let responseDer: Buffer;
  try {
    responseDer = await options.transport(request);
  } catch (error) {
    return refuse('revocation-unavailable', `OCSP responder failed: ${(error as Error)?.message ?? String(error)}`);
  }
  let basic: pkijs.BasicOCSPResponse;
  try {
    const response = pkijs.OCSPResponse.fromBER(arrayBuffer(responseDer));
    const status = response.responseStatus.valueBlock.valueDec;
    if (status !== 0) return refuse('revocation-unavailable', `OCSP response status ${status}`);
    if (!response.responseBytes || response.responseBytes.responseType !== OCSP_BASIC) return refuse('revocation-unavailable', 'OCSP response is not a basic response');
    basic = pkijs.BasicOCSPResponse.fromBER(arrayBuffer(Buffer.from(response.responseBytes.response.valueBlock.valueHexView)));
  } catch {
    return refuse('revocation-unavailable', 'OCSP response is malformed');
  }
  if (!signedByIssuerOrDelegate(basic, issuer)) return refuse('revocation-unavailable', 'OCSP response is not signed by the issuer or its delegated responder');
  const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === OCSP_NONCE);
  if (!echoed || !Buffer.from(echoed.extnValue.valueBlock.valueHexView).equals(nonceExtensionValue(nonce))) return refuse('revocation-unavailable', 'OCSP response does not echo the request nonce');
  const single = await singleResponseFor(basic, subject, issuerCertificate).catch(() => undefined);
  if (!single) return refuse('revocation-unavailable', 'OCSP response says nothing of this certificate');
  const skew = options.clockSkewSeconds * 1000;
  if (single.thisUpdate.getTime() > now.getTime() + skew) return refuse('revocation-unavailable', 'OCSP response is from the future');
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - skew) return refuse('revocation-unavailable', 'OCSP response is out of date');
  const state = single.certStatus.idBlock.tagNumber;
  if (state === 0) return undefined;
  if (state === 1) return refuse('certificate-revoked', `revoked according to OCSP (serial ${certificate.node.serialNumber})`);
  return refuse('certificate-status-unknown', `OCSP status unknown (serial ${certificate.node.serialNumber})`);
}

async function ocspRequest(subject: pkijs.Certificate, issuer: pkijs.Certificate, nonce: Buffer): Promise<Buffer> {
  const request = new pkijs.OCSPRequest();
  await request.createForCertificate(subject, { hashAlgorithm: 'SHA-256', issuerCertificate: issuer });
  request.tbsRequest.requestExtensions = [new pkijs.Extension({ extnID: OCSP_NONCE, extnValue: arrayBuffer(nonceExtensionValue(nonce)) })];
  return Buffer.from(request.toSchema(true).toBER());
}

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** The nonce extension's value: the nonce as an OCTET STRING (RFC 8954). */
function nonceExtensionValue(nonce: Buffer): Buffer {
  return Buffer.from(new asn1js.OctetString({ valueHex: nonce }).toBER());
}

function signedByIssuerOrDelegate(basic: pkijs.BasicOCSPResponse, issuer: X509Certificate): boolean {
  const hash = SIGNATURE_HASHES[basic.signatureAlgorithm.algorithmId];
  if (!hash) return false;
  const tbs = Buffer.from(basic.tbsResponseData.tbsView);
  const signature = Buffer.from(basic.signature.valueBlock.valueHexView);
  const delegates = (basic.certs ?? []).flatMap((c) => {
    try {
      const candidate = new X509Certificate(Buffer.from(c.toSchema().toBER()));
      return candidate.checkIssued(issuer) && candidate.verify(issuer.publicKey) && (candidate.keyUsage ?? []).includes(OCSP_SIGNING) ? [candidate] : [];
    } catch {
      return [];
    }
  });
  return [issuer, ...delegates].some((signer) => {
    try {
      return verify(hash, tbs, { key: signer.publicKey, dsaEncoding: 'der' }, signature);
    } catch {
      return false;
    }
  });
}

async function singleResponseFor(basic: pkijs.BasicOCSPResponse, subject: pkijs.Certificate, issuer: pkijs.Certificate): Promise<pkijs.SingleResponse | undefined> {
  for (const single of basic.tbsResponseData.responses) {
    if (single.certID.isEqual(await certIdLike(single.certID, subject, issuer))) return single;
  }
  return undefined;
}

async function certIdLike(template: pkijs.CertID, subject: pkijs.Certificate, issuer: pkijs.Certificate): Promise<pkijs.CertID> {
  const id = new pkijs.CertID();
  const name = ({ '1.3.14.3.2.26': 'SHA-1', '2.16.840.1.101.3.4.2.1': 'SHA-256' } as Record<string, string>)[template.hashAlgorithm.algorithmId] ?? 'SHA-256';
  await id.createForCertificate(subject, { hashAlgorithm: name, issuerCertificate: issuer });
  return id;
}
