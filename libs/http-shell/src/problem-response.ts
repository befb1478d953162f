import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { ProblemException, type ProblemExtensions } from './problem-exception';
import { Problems, problemForStatus, type ProblemType } from './problem-types';
import { currentRequestId } from './request-context';
import type { Language } from '@theqa/kernel';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Arabic when the client prefers it to English; English otherwise (APIs are read by developers first). */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.split('-')[0], q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => (entry.tag === 'ar' || entry.tag === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.tag as Language | undefined) ?? 'en';
}

export interface ResolvedProblem {
  problem: ProblemType;
  detail?: string;
  extensions: ProblemExtensions;
  /** The error behind a 5xx, kept for the log and never sent. */
  cause?: unknown;
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  getStatus?: () => number;
  getResponse?: () => unknown;
  message?: string;
}

// body-parser tags its errors with a `type`; they arrive before any route runs.
const BODY_PARSER_PROBLEMS: Record<string, ProblemType> = {
  'entity.parse.failed': Problems.malformedJson,
  'entity.too.large': Problems.payloadTooLarge,
  'encoding.unsupported': Problems.unsupportedMediaType,
  'charset.unsupported': Problems.unsupportedMediaType,
  'request.aborted': Problems.badRequest,
  'request.size.invalid': Problems.badRequest,
  'entity.verify.failed': Problems.badRequest,
  'parameters.too.many': Problems.payloadTooLarge,
};

/**
 * Recognises the failure of something a service cannot work without and that comes back by itself —
 * its database stopped or unreachable (`isDatabaseUnavailable` of @theqa/persistence): answered 503
 * with Retry-After, never 500.
 */
export type OutageDetector = (error: unknown) => boolean;

/** How long a client is asked to wait after an outage answer. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Any thrown value → the problem to answer with. Unknown errors become a 500 that reveals nothing;
 * an outage (`outage` recognises it) a 503 `temporarily-unavailable` with `retry_after`.
 */
export function resolveProblem(error: unknown, outage?: OutageDetector): ResolvedProblem {
  if (error instanceof ProblemException) {
    return { problem: error.problem, detail: error.detail, extensions: error.extensions };
  }
  if (outage?.(error)) {
    return { problem: Problems.temporarilyUnavailable, extensions: { retry_after: OUTAGE_RETRY_AFTER_SECONDS }, cause: error };
  }
  const e = (error ?? {}) as HttpLikeError;
  if (typeof e.type === 'string' && BODY_PARSER_PROBLEMS[e.type]) {
    const problem = BODY_PARSER_PROBLEMS[e.type];
    return { problem, detail: problem === Problems.malformedJson ? 'The body could not be parsed as JSON.' : undefined, extensions: {} };
  }
  const status = typeof e.getStatus === 'function' ? e.getStatus() : (e.status ?? e.statusCode);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { problem: problemForStatus(status), detail: httpExceptionDetail(e), extensions: {} };
  }
  if (typeof status === 'number' && status >= 500 && status < 600 && status !== 500) {
    return { problem: problemForStatus(status), extensions: {}, cause: error };
  }
  return { problem: Problems.internalError, extensions: {}, cause: error };
}

function httpExceptionDetail(e: HttpLikeError): string | undefined {
  const body = typeof e.getResponse === 'function' ? e.getResponse() : undefined;
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : (body ?? e.message);
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

/**
 * The Retry-After header (RFC 9110 §10.2.3) of a problem that says when to come back: a 429 or 503
 * whose `retry_after` extension is a number of seconds (the body keeps it too, for clients that read
 * only the document).
 */
export function retryAfterHeader(resolved: ResolvedProblem): string | undefined {
  const { status } = resolved.problem;
  const seconds = resolved.extensions.retry_after;
  if ((status !== 429 && status !== 503) || typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return String(Math.ceil(seconds));
}

/** The problem document; its `instance` is the request id, so a report can be traced in the logs. */
export function problemDocument(resolved: ResolvedProblem, lang: Language, requestId: string): Record<string, unknown> {
  const { problem } = resolved;
  return {
    type: problem.type,
    title: problem.title[lang],
    status: problem.status,
    ...(resolved.detail ? { detail: resolved.detail } : {}),
    instance: `urn:theqa:request:${requestId}`,
    titles: problem.title,
    ...resolved.extensions,
    ...(problem.status >= 500 ? { error_id: requestId } : {}),
  };
}

/**
 * Writes a problem on a bare node:http response (routes served ahead of the web framework). With
 * `charset`, the Content-Type is exactly what Express sends (`; charset=utf-8`), for a fast path that
 * must answer byte for byte as the framework route it stands in for.
 */
export function writeNodeProblem(req: IncomingMessage, res: ServerResponse, resolved: ResolvedProblem, requestId: string, options: { charset?: boolean } = {}): void {
  if (res.headersSent) return;
  const lang = preferredLanguage(req.headers['accept-language']);
  res.statusCode = resolved.problem.status;
  res.setHeader('content-type', options.charset ? `${PROBLEM_CONTENT_TYPE}; charset=utf-8` : PROBLEM_CONTENT_TYPE);
  res.setHeader('content-language', lang);
  const retryAfter = retryAfterHeader(resolved);
  if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter);
  res.end(JSON.stringify(problemDocument(resolved, lang, requestId)));
}

export function writeProblem(req: Request, res: Response, resolved: ResolvedProblem): void {
  if (res.headersSent) return;
  const requestId = currentRequestId() ?? String(res.getHeader('x-request-id') ?? '');
  const lang = preferredLanguage(req.headers['accept-language']);
  res.status(resolved.problem.status).type(PROBLEM_CONTENT_TYPE).setHeader('Content-Language', lang);
  const retryAfter = retryAfterHeader(resolved);
  if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
  res.send(JSON.stringify(problemDocument(resolved, lang, requestId)));
}
