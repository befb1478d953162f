import type { IncomingMessage } from 'node:http';
import { assertJsonShape, JSON_SHAPE_LIMITS, type JsonShapeLimits } from './json-shape';

/** The JSON body limit of configureHttpShell (express.json's '1mb'). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Whether a route served on node:http ahead of the web framework can read this request's body itself:
 * `application/json` in UTF-8, not compressed, with a Content-Length within the limit. Anything else
 * (other charsets, gzip, chunked, too large) is left to the framework, whose body parser then answers
 * exactly as it does for every other route.
 */
export function isPlainJsonRequest(req: IncomingMessage, limit = JSON_BODY_LIMIT): boolean {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const length = req.headers['content-length'];
  if (length === undefined || !/^\d{1,7}$/.test(length) || Number(length) > limit) return false;
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return params.every((p) => /^\s*charset\s*=\s*"?utf-8"?\s*$/i.test(p));
}

/**
 * Reads and parses a body that isPlainJsonRequest accepted, as body-parser's strict JSON parser would:
 * empty is `{}`, a byte-order mark is dropped, only an object or array is JSON. Failures are thrown
 * shaped like body-parser's errors (`type`, `status`), so resolveProblem answers them identically; a
 * body beyond `shape` is a `body-too-complex` problem, as configureHttpShell answers it.
 */
export function readJsonBody(req: IncomingMessage, shape: JsonShapeLimits = JSON_SHAPE_LIMITS): Promise<unknown> {
  const expected = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received <= expected) chunks.push(chunk);
    });
    // The client went away: nothing to answer (the caller checks for this type).
    req.on('error', () => reject(bodyError('request.aborted', 400, 'request aborted')));
    req.on('end', () => {
      if (received !== expected) return reject(bodyError('request.size.invalid', 400, 'request size did not match content length'));
      try {
        const body = parseStrictJson((chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8'));
        assertJsonShape(body, shape);
        resolve(body);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let i = 0;
  while (i < body.length && JSON_WHITESPACE.has(body.charCodeAt(i))) i++;
  const first = body[i];
  if (first !== '{' && first !== '[') throw bodyError('entity.parse.failed', 400, 'strict JSON accepts only objects and arrays');
  try {
    return JSON.parse(body);
  } catch (error) {
    throw bodyError('entity.parse.failed', 400, (error as Error).message);
  }
}

// Space, tab, line feed, carriage return: what JSON (and body-parser's first-character check) skips.
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function bodyError(type: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { type, status });
}
