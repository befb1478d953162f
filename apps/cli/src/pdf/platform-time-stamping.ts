import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CliError } from '../output';

const SHA256 = '2.16.840.1.101.3.4.2.1';
const GRANTED = new Set([0, 1]);

/**
 * The running platform's time-stamping authority as `@theqa/pades` wants it: a SHA-256 imprint in, the
 * TimeStampToken out (RFC 3161 over HTTP, `POST /ca/tsa`). The request asks for the TSA's certificate,
 * so that the token carries what a verifier needs, and its nonce is checked in the reply.
 */
export function platformTimeStamping(base: URL): (imprint: Buffer) => Promise<Buffer> {
  return async (imprint) => {
    const nonce = timeStampNonce();
    const request = new pkijs.TimeStampReq({
      version: 1,
      messageImprint: new pkijs.MessageImprint({
        hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
        hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(imprint) }),
      }),
      nonce: new asn1js.Integer({ valueHex: new Uint8Array(nonce) }),
      certReq: true,
    });
    const url = new URL('/ca/tsa', base);
    const body = await post(url, 'application/timestamp-query', Buffer.from(request.toSchema().toBER()));
    let reply: pkijs.TimeStampResp;
    try {
      reply = pkijs.TimeStampResp.fromBER(new Uint8Array(body));
    } catch (error) {
      throw new CliError(`the time-stamping authority at ${url} answered something that is not a time-stamp reply (${(error as Error).message})`, 'time-stamp-failed');
    }
    if (!GRANTED.has(reply.status.status) || !reply.timeStampToken) {
      const why = reply.status.statusStrings?.map((text) => text.valueBlock.value).join('; ');
      throw new CliError(`the time-stamping authority at ${url} refused the request (status ${reply.status.status}${why ? `: ${why}` : ''})`, 'time-stamp-failed');
    }
    const token = Buffer.from(reply.timeStampToken.toSchema().toBER());
    const content = new pkijs.SignedData({ schema: reply.timeStampToken.content }).encapContentInfo.eContent;
    const info = content && pkijs.TSTInfo.fromBER(content.getValue());
    if (!info?.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(nonce)) {
      throw new CliError(`the time-stamping authority at ${url} answered with another request's nonce`, 'time-stamp-failed');
    }
    return token;
  };
}

/**
 * Eight random bytes that encode as a positive INTEGER in minimal DER: a first byte of 0x01–0x7f. A
 * first byte of 0x00 would be a non-minimal encoding, which the TSA rightly refuses (with `&= 0x7f`,
 * one request in 128 failed).
 */
export function timeStampNonce(): Buffer {
  const nonce = randomBytes(8);
  nonce[0] = (nonce[0] % 0x7f) + 1;
  return nonce;
}

/** One request to the platform; anything but a 2xx of the expected kind is a clear failure. */
export async function post(url: URL, contentType: string, body: Buffer): Promise<Buffer> {
  return fetchBytes(url, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) });
}

export async function fetchBytes(url: URL, init: RequestInit = {}): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new CliError(`the platform at ${url.origin} cannot be reached (${(error as Error).message}); is it running, and is THEQA_URL right?`, 'platform-unreachable');
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    const detail = /json/.test(response.headers.get('content-type') ?? '') ? safeDetail(bytes) : '';
    throw new CliError(`${url} answered ${response.status}${detail ? `: ${detail}` : ''}`, 'platform-refused');
  }
  return bytes;
}

function safeDetail(bytes: Buffer): string {
  try {
    const problem = JSON.parse(bytes.toString('utf8')) as { detail?: unknown; title?: unknown };
    return String(problem.detail ?? problem.title ?? '');
  } catch {
    return '';
  }
}
