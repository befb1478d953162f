/**
 * Where and how a production adapter reaches its remote system: configuration the composition root
 * reads (from the environment or a file) and passes down typed; this library reads no environment.
 */
export interface HttpEndpointOptions {
  /** The API's base URL, e.g. `https://registry.example.gov.om/theqa/v1`; paths are appended to it. */
  baseUrl: string;
  /** Sent on every request as `Authorization: Bearer <token>`. */
  token: string;
  /** How long one attempt may take, the answer's body included. Default 5000 ms. */
  timeoutMs?: number;
  /** Further attempts after the first, for answers worth retrying (README: "Retries"). Default 2. */
  retries?: number;
  /** The first wait before a retry; it doubles with each retry, half of it random (jitter). Default 200 ms. */
  backoffMs?: number;
  /**
   * The longest wait before a retry, whether backoff or the remote's `Retry-After`. A remote asking for
   * longer is not waited for: the call fails at once as unavailable, passing its Retry-After on. Default 5000 ms.
   */
  maxRetryDelayMs?: number;
  /** The `retryAfterSeconds` of an unavailable system that named none itself. Default 30. */
  defaultRetryAfterSeconds?: number;
}

export type ResolvedEndpoint = Required<HttpEndpointOptions> & { base: URL };

const DEFAULTS = { timeoutMs: 5000, retries: 2, backoffMs: 200, maxRetryDelayMs: 5000, defaultRetryAfterSeconds: 30 };
// RFC 6750's b64token: what a bearer token may hold, and nothing a header could be split with.
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Checks the options once, when the adapter is built, so that a bad configuration stops the start. */
export function resolveEndpoint(what: string, options: HttpEndpointOptions): ResolvedEndpoint {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new TypeError(`${what}: baseUrl is not a URL`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new TypeError(`${what}: baseUrl must be an http or https URL`);
  if (base.username || base.password || base.search || base.hash) throw new TypeError(`${what}: baseUrl may not carry credentials, a query or a fragment`);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  if (typeof options.token !== 'string' || !BEARER_TOKEN.test(options.token)) throw new TypeError(`${what}: token must be a bearer token (letters, digits and -._~+/)`);
  const resolved: ResolvedEndpoint = { ...DEFAULTS, ...definedOnly(options), baseUrl: base.href, token: options.token, base };
  wholeNumber(what, 'timeoutMs', resolved.timeoutMs, 1, 600_000);
  wholeNumber(what, 'retries', resolved.retries, 0, 10);
  wholeNumber(what, 'backoffMs', resolved.backoffMs, 0, 60_000);
  wholeNumber(what, 'maxRetryDelayMs', resolved.maxRetryDelayMs, 0, 600_000);
  wholeNumber(what, 'defaultRetryAfterSeconds', resolved.defaultRetryAfterSeconds, 1, 86_400);
  return resolved;
}

function definedOnly(options: HttpEndpointOptions): Partial<HttpEndpointOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function wholeNumber(what: string, name: string, value: unknown, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new RangeError(`${what}: ${name} must be a whole number from ${min} to ${max}`);
  }
}
