import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal of the stand-in server, answered as a problem document (RFC 9457). */
export class StandInError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly extensions: Record<string, string> = {},
  ) {
    super(title);
  }
}

// Two base64 images in one comparison: a phone's selfie is a few hundred kilobytes.
const BODY_LIMIT = 8 * 1024 * 1024;

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new StandInError(415, 'urn:theqa:problem:unsupported-media-type', 'The body must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new StandInError(413, 'urn:theqa:problem:payload-too-large', 'The request body is too large');
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new StandInError(400, 'urn:theqa:problem:malformed-json', 'The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new StandInError(400, 'urn:theqa:problem:invalid-request', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

export function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function writeProblem(res: ServerResponse, status: number, type: string, title: string, extensions: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify({ type, title, status, ...extensions });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
