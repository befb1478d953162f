import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { resolveProblem, writeNodeProblem, type OutageDetector } from './problem-response';

/** A JSON answer on a bare node:http response, with the headers Express's `res.json` would send (but no ETag). */
export function writeNodeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/**
 * Any error of a route served ahead of the framework → problem+json as the framework writes it, logged
 * as ProblemFilter logs it (pass the same `outage` as configureHttpShell's).
 */
export function writeNodeError(req: IncomingMessage, res: ServerResponse, error: unknown, requestId: string, logger: Logger, outage?: OutageDetector): void {
  const resolved = resolveProblem(error, outage);
  if (resolved.problem.status >= 500) logger.error({ err: resolved.cause ?? error, method: req.method, url: req.url, req_id: requestId }, 'request failed');
  writeNodeProblem(req, res, resolved, requestId, { charset: true });
}

/** The one `request` log line per response that configureHttpShell writes for framework routes. */
export function logNodeRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, requestId: string, started: bigint): void {
  if (!logger.isLevelEnabled('info')) return;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info({ method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10, req_id: requestId }, 'request');
}
