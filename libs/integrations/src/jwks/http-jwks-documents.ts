import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isSpecialUseAddress } from '../http/public-addresses';

export interface HttpJwksDocumentsOptions {
  /** The whole fetch, connection and body included. Default 3000 ms. */
  timeoutMs?: number;
  /** The largest JWK set accepted. Default 64 KiB. */
  maxBytes?: number;
  /**
   * Whether the URL may reach loopback, private, link-local and other special-use addresses. Never in
   * production (a relying party's URL must not reach the platform's own network: SSRF); development
   * allows it, for a test relying party on 127.0.0.1.
   */
  allowSpecialUseAddresses?: boolean;
}

export type JwksDocumentFailure = 'address-refused' | 'unreachable' | 'timeout' | 'status' | 'redirect' | 'too-large' | 'not-json';

/** Why a JWK set document could not be read; the message names the URL's host, never more of it. */
export class JwksDocumentError extends Error {
  constructor(
    readonly failure: JwksDocumentFailure,
    message: string,
  ) {
    super(message);
    this.name = 'JwksDocumentError';
  }
}

const DEFAULTS = { timeoutMs: 3000, maxBytes: 64 * 1024 };

/**
 * Reads the JWK set at a relying party's JWKS URI (the `JwksDocuments` port of @theqa/relying-parties'
 * RemoteJwks): one GET, a deadline for the whole exchange, a size limit, no redirect followed (a 3xx
 * is a failure: the registered URL is the one that counts), 200 and JSON only, and — unless allowed —
 * no connection to a special-use address, checked on the addresses the name resolves to, at connect
 * time, so that a DNS answer cannot change between the check and the connection. Returns the parsed
 * document and the Cache-Control max-age; judging the keys is RemoteJwks'.
 */
export class HttpJwksDocuments {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly allowSpecialUse: boolean;

  constructor(options: HttpJwksDocumentsOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1 || this.timeoutMs > 60_000) throw new RangeError('HttpJwksDocuments: timeoutMs must be a whole number from 1 to 60000');
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1 || this.maxBytes > 1024 * 1024) throw new RangeError('HttpJwksDocuments: maxBytes must be a whole number from 1 to 1048576');
    this.allowSpecialUse = options.allowSpecialUseAddresses ?? false;
  }

  async get(uri: string): Promise<{ document: unknown; maxAgeSeconds?: number }> {
    const url = new URL(uri);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new JwksDocumentError('address-refused', `${url.protocol} is not fetched: https only`);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (!this.allowSpecialUse && isIP(literal) && isSpecialUseAddress(literal)) throw refused(url.host);
    const { status, headers, body } = await this.exchange(url);
    if (status >= 300 && status < 400) throw new JwksDocumentError('redirect', `${url.host} answered ${status} (a redirect, not followed: register the final URL)`);
    if (status !== 200) throw new JwksDocumentError('status', `${url.host} answered ${status}`);
    let document: unknown;
    try {
      document = JSON.parse(body.toString('utf8'));
    } catch {
      throw new JwksDocumentError('not-json', `${url.host} did not answer JSON`);
    }
    return { document, maxAgeSeconds: maxAgeOf(headers['cache-control']) };
  }

  private exchange(url: URL): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: JwksDocumentError) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(error);
      };
      const request = client.request(url, {
        method: 'GET',
        headers: { accept: 'application/jwk-set+json, application/json', 'user-agent': 'theqa-gateway' },
        agent: false,
        ...(this.allowSpecialUse ? {} : { lookup: publicOnlyLookup }),
      });
      const deadline = setTimeout(() => fail(new JwksDocumentError('timeout', `${url.host} did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('error', (error: Error) => fail(error instanceof JwksDocumentError ? error : new JwksDocumentError('unreachable', `${url.host} cannot be reached (${(error as NodeJS.ErrnoException).code ?? error.message})`)));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const declared = Number(response.headers['content-length'] ?? NaN);
        if (status === 200 && declared > this.maxBytes) return fail(tooLarge(url.host, this.maxBytes));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBytes) return fail(tooLarge(url.host, this.maxBytes));
          chunks.push(chunk);
        });
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve({ status, headers: response.headers, body: Buffer.concat(chunks) });
        });
        response.on('error', (error) => fail(new JwksDocumentError('unreachable', `${url.host}: ${error.message}`)));
      });
      request.end();
    });
  }
}

/** Resolves as usual, then refuses the connection when any address of the name is special-use. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    if (!addresses.length || addresses.some((a) => isSpecialUseAddress(a.address))) return callback(refused(hostname), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

const refused = (host: string) => new JwksDocumentError('address-refused', `${host} resolves to a loopback, private or other special-use address, which the platform does not fetch from`);
const tooLarge = (host: string, limit: number) => new JwksDocumentError('too-large', `${host} answered more than ${limit} bytes`);

function maxAgeOf(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const match = /(^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(,|$)/i.exec(cacheControl);
  return match ? Number(match[2]) : undefined;
}
