import { preferredLanguage, problemDocument, PROBLEM_CONTENT_TYPE, requestIdFrom, type ProblemType } from '@theqa/http-shell';

const OCSP_RESPONSE = 'application/ocsp-response';
const REASONS: Record<number, string> = {
  100: 'Continue',
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  411: 'Length Required',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

export const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

let dateSecond = -1;
let dateText = '';
/** The Date field value (RFC 9110 §6.6.1), formatted once per second. */
export function httpDate(nowMs = Date.now()): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

/** How the answer to one request is framed: whether the connection stays open, which id to echo. */
export interface Framing {
  keepAlive: boolean;
  /** The client's X-Request-Id, echoed when acceptable (see `requestIdFrom`). */
  requestId?: string;
}

/** Prebuilt answers: one per pre-signed DER, rebuilt when the Date second changes. */
const prebuilt = new WeakMap<Buffer, { date: string; bytes: Buffer }>();

/**
 * An OCSP answer as HTTP bytes, headers and body in one buffer (one write). RFC 5019 §6: GET answers
 * may be cached by HTTP caches, errors and POST answers may not. The common case (a cacheable GET on a
 * keep-alive connection without X-Request-Id) is built once per answer and second and then reused.
 */
export function ocspAnswerBytes(der: Buffer, cacheable: boolean, framing: Framing): Buffer {
  const cache = cacheable && der.length > 5 ? 'public, max-age=300, no-transform' : 'no-store';
  const date = httpDate();
  const common = cacheable && framing.keepAlive && framing.requestId === undefined;
  if (common) {
    const hit = prebuilt.get(der);
    if (hit && hit.date === date) return hit.bytes;
  }
  const id = framing.requestId === undefined ? undefined : requestIdFrom(framing.requestId);
  const head = statusLine(200) + `content-type: ${OCSP_RESPONSE}\r\ncontent-length: ${der.length}\r\ncache-control: ${cache}\r\n` + trailer(framing.keepAlive, date, id);
  const bytes = Buffer.concat([Buffer.from(head, 'latin1'), der]);
  if (common) prebuilt.set(der, { date, bytes });
  return bytes;
}

export interface ProblemFraming extends Framing {
  acceptLanguage?: string;
  /** Extra header fields, e.g. `allow: GET, POST`. */
  headers?: string[];
  /** Extension members of the problem document (RFC 9457 §3.2). */
  extensions?: Record<string, unknown>;
}

/** A problem document (RFC 9457) in Arabic or English as the client prefers, titled in both. */
export function problemBytes(problem: ProblemType, detail: string, framing: ProblemFraming): Buffer {
  const lang = preferredLanguage(framing.acceptLanguage);
  const id = requestIdFrom(framing.requestId);
  const body = Buffer.from(JSON.stringify(problemDocument({ problem, detail, extensions: framing.extensions ?? {} }, lang, id)), 'utf8');
  const extra = (framing.headers ?? []).map((h) => `${h}\r\n`).join('');
  const head =
    statusLine(problem.status) +
    `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-language: ${lang}\r\ncontent-length: ${body.length}\r\ncache-control: no-store\r\n${extra}` +
    trailer(framing.keepAlive, httpDate(), id);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** A small JSON document (health). */
export function jsonBytes(status: number, document: unknown, framing: Framing): Buffer {
  const body = Buffer.from(JSON.stringify(document), 'utf8');
  const id = framing.requestId === undefined ? undefined : requestIdFrom(framing.requestId);
  const head = statusLine(status) + `content-type: application/json\r\ncontent-length: ${body.length}\r\ncache-control: no-store\r\n` + trailer(framing.keepAlive, httpDate(), id);
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${REASONS[status] ?? 'Unknown'}\r\n`;
}

/** Date, the request id if any (checked by `requestIdFrom`: safe in a header), Connection, the blank line. */
function trailer(keepAlive: boolean, date: string, requestId: string | undefined): string {
  const id = requestId === undefined ? '' : `x-request-id: ${requestId}\r\n`;
  return `date: ${date}\r\n${id}connection: ${keepAlive ? 'keep-alive' : 'close'}\r\n\r\n`;
}
