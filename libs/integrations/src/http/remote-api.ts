import { setTimeout as sleep } from 'node:timers/promises';
import { IntegrationError, type IntegrationErrorCode } from '../errors';
import { AnswerTooLarge, readAnswerBody } from './answer-body';
import { resolveEndpoint, type HttpEndpointOptions, type ResolvedEndpoint } from './http-endpoint';
import { describeProblem, mediaType, readProblem, type RemoteProblem } from './problem-details';
import { backoffDelayMs, retryAfterMs, wholeSeconds } from './retry-timing';

/** The outside systems reached over HTTP, each with its error codes and how messages name it. */
const SYSTEMS = {
  'civil-registry': { name: 'the civil registry', unavailable: 'registry-unavailable', rejected: 'registry-rejected', answerInvalid: 'registry-answer-invalid' },
  'face-match': { name: 'the face matching service', unavailable: 'face-match-unavailable', rejected: 'face-match-rejected', answerInvalid: 'face-match-answer-invalid' },
  sms: { name: 'the SMS gateway', unavailable: 'sms-unavailable', rejected: 'sms-rejected', answerInvalid: 'sms-answer-invalid' },
} as const satisfies Record<string, { name: string; unavailable: IntegrationErrorCode; rejected: IntegrationErrorCode; answerInvalid: IntegrationErrorCode }>;

export type RemoteSystem = keyof typeof SYSTEMS;

export interface RemoteRequest {
  method: 'GET' | 'POST';
  /** Path segments under the base URL, each percent-encoded here (a civil number, a card serial). */
  path: readonly string[];
  json?: unknown;
  /** `Accept`: what the caller can read. */
  accept: string;
  /** The largest body the caller accepts (a record, a photo). */
  maxBytes: number;
  /** Statuses other than 2xx whose answer the caller reads itself, e.g. 404 for "no such person". */
  expected?: readonly number[];
  /**
   * A POST the remote processes at most once per key (the SMS gateway): retries repeat the key, so a
   * retry after a lost answer never sends twice. A POST without a key is never retried.
   */
  idempotencyKey?: string;
  /** A POST with no effect at the remote (a comparison): as safe to retry as a GET. */
  idempotent?: boolean;
}

export interface RemoteAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  /** The body read as RFC 9457 when it is `application/problem+json`. */
  problem?: RemoteProblem;
}

/** Why an attempt failed in a way that trying again may mend. */
interface Unavailability {
  reason: string;
  status?: number;
  problem?: RemoteProblem;
  /** The remote's Retry-After, when it sent one. */
  retryAfterMs?: number;
  /** An answer not worth retrying at once (a 500), though the system may be back later. */
  final?: boolean;
}

// Statuses that say "not now" rather than "not this": overloaded, or a proxy that found no backend.
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const ERROR_BODY_LIMIT = 64 * 1024;
const USER_AGENT = 'theqa-platform';

/**
 * One remote JSON API over Node's fetch: bearer authentication, a timeout per attempt, retries with
 * exponential backoff and jitter for network errors, timeouts and 429/502/503/504 (honouring
 * Retry-After up to a bound), and every failure as an `IntegrationError` of the system's codes:
 * `*-unavailable` (with `retryAfterSeconds`), `*-rejected` (4xx other than 429, a redirect) or
 * `*-answer-invalid` (a body the adapter cannot read). Messages never carry the token or the URL's host.
 */
export class RemoteApi {
  private readonly endpoint: ResolvedEndpoint;
  private readonly names: (typeof SYSTEMS)[RemoteSystem];

  constructor(
    readonly system: RemoteSystem,
    options: HttpEndpointOptions,
    private readonly random: () => number = Math.random,
  ) {
    this.names = SYSTEMS[system];
    this.endpoint = resolveEndpoint(this.names.name, options);
  }

  async send(request: RemoteRequest): Promise<RemoteAnswer> {
    const retrySafe = request.method === 'GET' || request.idempotent === true || request.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request);
      if ('answer' in outcome) return outcome.answer;
      const failure = outcome.unavailable;
      const wait = failure.retryAfterMs ?? backoffDelayMs(attempt, this.endpoint.backoffMs, this.endpoint.maxRetryDelayMs, this.random);
      const mayRetry = retrySafe && !failure.final && attempt <= this.endpoint.retries && wait <= this.endpoint.maxRetryDelayMs;
      if (!mayRetry) throw this.unavailable(failure, attempt);
      await sleep(wait);
    }
  }

  /** The answer's body as JSON, or `*-answer-invalid`. */
  json(answer: RemoteAnswer): unknown {
    if (mediaType(answer.contentType) !== 'application/json') {
      throw this.answerInvalid(`answered ${answer.contentType || 'without a content type'} where JSON was expected`, { status: answer.status });
    }
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw this.answerInvalid('answered with malformed JSON', { status: answer.status });
    }
  }

  answerInvalid(what: string, details: Record<string, unknown> = {}): IntegrationError {
    return new IntegrationError(this.names.answerInvalid, `${this.names.name} ${what}`, details);
  }

  rejected(answer: RemoteAnswer): IntegrationError {
    const problem = describeProblem(answer.problem);
    return new IntegrationError(this.names.rejected, `${this.names.name} refused the request: HTTP ${answer.status}${problem ? ` ${problem}` : ''}`, {
      status: answer.status,
      ...(answer.problem ? { problem: answer.problem } : {}),
    });
  }

  private async attempt(request: RemoteRequest): Promise<{ answer: RemoteAnswer } | { unavailable: Unavailability }> {
    const signal = AbortSignal.timeout(this.endpoint.timeoutMs);
    try {
      const response = await fetch(this.url(request.path), {
        method: request.method,
        headers: this.headers(request),
        body: request.json === undefined ? undefined : JSON.stringify(request.json),
        signal,
        // An API that redirects is misconfigured; following could carry the token elsewhere.
        redirect: 'manual',
      });
      const status = response.status;
      const contentType = response.headers.get('content-type') ?? '';
      const wanted = (status >= 200 && status < 300) || request.expected?.includes(status);
      const body = await readAnswerBody(response, wanted ? request.maxBytes : ERROR_BODY_LIMIT, { truncate: !wanted });
      const answer: RemoteAnswer = { status, contentType, body, problem: readProblem(contentType, body) };
      if (wanted) return { answer };
      if (RETRYABLE_STATUSES.has(status) || (status === 409 && request.idempotencyKey !== undefined)) {
        // 409 with an idempotency key: the remote is still processing an earlier attempt of this very request.
        return { unavailable: { reason: `HTTP ${status}`, status, problem: answer.problem, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) } };
      }
      if (status >= 500) return { unavailable: { reason: `HTTP ${status}`, status, problem: answer.problem, final: true } };
      throw this.rejected(answer);
    } catch (error) {
      if (error instanceof IntegrationError) throw error;
      if (error instanceof AnswerTooLarge) throw this.answerInvalid(`answered with more than ${error.limit} bytes`);
      if (signal.aborted) return { unavailable: { reason: `no answer within ${this.endpoint.timeoutMs} ms` } };
      return { unavailable: { reason: `unreachable (${networkCause(error)})` } };
    }
  }

  private unavailable(failure: Unavailability, attempts: number): IntegrationError {
    const problem = describeProblem(failure.problem);
    const retryAfterSeconds = failure.retryAfterMs === undefined ? this.endpoint.defaultRetryAfterSeconds : wholeSeconds(failure.retryAfterMs);
    return new IntegrationError(
      this.names.unavailable,
      `${this.names.name} is unavailable: ${failure.reason}${problem ? ` ${problem}` : ''} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
      { attempts, ...(failure.status ? { status: failure.status } : {}), ...(failure.problem ? { problem: failure.problem } : {}) },
      { retryAfterSeconds },
    );
  }

  private url(path: readonly string[]): URL {
    return new URL(path.map(encodeURIComponent).join('/'), this.endpoint.base);
  }

  private headers(request: RemoteRequest): Record<string, string> {
    return {
      accept: request.accept,
      authorization: `Bearer ${this.endpoint.token}`,
      'user-agent': USER_AGENT,
      ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
      // A Structured Field string, as draft-ietf-httpapi-idempotency-key-header writes it.
      ...(request.idempotencyKey === undefined ? {} : { 'idempotency-key': `"${request.idempotencyKey}"` }),
    };
  }
}

/** `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`…: what undici's "fetch failed" hides in its cause. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
