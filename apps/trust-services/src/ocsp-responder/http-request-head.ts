import { Problems, type ProblemType } from '@theqa/http-shell';
import { HttpProblems } from './ocsp-problems';

/** What the responder needs of a request head (RFC 9112); every other header is checked, then ignored. */
export interface RequestHead {
  method: string;
  /** origin-form (`/path?query`); an absolute-form target is reduced to it. */
  target: string;
  version: '1.0' | '1.1';
  /** 0 when absent; `hasContentLength` tells the two apart. */
  contentLength: number;
  hasContentLength: boolean;
  /** Media type, lower case, without parameters. */
  contentType?: string;
  keepAlive: boolean;
  expectContinue: boolean;
  acceptLanguage?: string;
  requestId?: string;
  /** Offset just past the blank line that ends the head. */
  headEnd: number;
}

export interface HeadLimits {
  /** Request line and header fields together, CRLFs included. */
  maxHeadBytes: number;
  maxHeaderFields: number;
}

export type HeadResult =
  | { kind: 'incomplete' }
  | { kind: 'head'; head: RequestHead }
  | { kind: 'invalid'; problem: ProblemType; detail: string };

const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]{1,16}) ([\x21-\x7e]+) HTTP\/(\d)\.(\d)$/;
const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;
const DIGITS = /^\d{1,9}$/;
const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*/i;
const INCOMPLETE: HeadResult = { kind: 'incomplete' };

/**
 * Parses the request head that starts at `start` (after any blank lines, which RFC 9112 §2.2 lets a
 * server skip). Strict: CRLF line ends only, no obsolete line folding, no whitespace before a colon,
 * no control characters, one Host in HTTP/1.1, Content-Length digits only and never contradicted,
 * no Transfer-Encoding (this server reads Content-Length bodies only). A head that cannot be complete
 * within the limits, or whose first line is already wrong, is refused before the rest arrives.
 */
export function parseRequestHead(bytes: Buffer, start: number, limits: HeadLimits): HeadResult {
  const end = bytes.indexOf(END_OF_HEAD, start);
  if (end < 0 || end + 4 - start > limits.maxHeadBytes) return incomplete(bytes, start, limits);
  const text = bytes.toString('latin1', start, end);
  const firstBreak = text.indexOf('\r\n');
  const lineEnd = firstBreak < 0 ? text.length : firstBreak;
  const line = requestLine(text.slice(0, lineEnd));
  if ('problem' in line) return { kind: 'invalid', ...line };

  const head: RequestHead = {
    method: line.method,
    target: line.target,
    version: line.version,
    contentLength: 0,
    hasContentLength: false,
    keepAlive: line.version === '1.1',
    expectContinue: false,
    headEnd: end + 4,
  };
  let hosts = 0;
  let fields = 0;
  let close = false;
  for (let at = lineEnd + 2; at < text.length; ) {
    let next = text.indexOf('\r\n', at);
    if (next < 0) next = text.length;
    const field = FIELD.exec(text.slice(at, next));
    if (!field || hasControlCharacter(field[2])) return invalid(Problems.badRequest, 'malformed header field');
    if (++fields > limits.maxHeaderFields) return invalid(HttpProblems.headersTooLarge, `more than ${limits.maxHeaderFields} header fields`);
    const name = field[1].toLowerCase();
    const value = field[2];
    switch (name) {
      case 'host':
        hosts++;
        break;
      case 'content-length':
        if (!DIGITS.test(value)) return invalid(Problems.badRequest, 'Content-Length must be a number');
        if (head.hasContentLength && head.contentLength !== Number(value)) return invalid(Problems.badRequest, 'conflicting Content-Length fields');
        head.contentLength = Number(value);
        head.hasContentLength = true;
        break;
      case 'transfer-encoding':
        return invalid(HttpProblems.notImplemented, 'Transfer-Encoding is not supported; send a Content-Length');
      case 'content-type':
        head.contentType ??= value.split(';')[0].trim().toLowerCase();
        break;
      case 'connection':
        for (const option of value.toLowerCase().split(',')) {
          const token = option.trim();
          if (token === 'close') close = true;
          else if (token === 'keep-alive' && line.version === '1.0') head.keepAlive = true;
        }
        break;
      case 'expect':
        if (value.toLowerCase() === '100-continue') head.expectContinue = true;
        break;
      case 'accept-language':
        head.acceptLanguage ??= value;
        break;
      case 'x-request-id':
        head.requestId ??= value;
        break;
    }
    at = next + 2;
  }
  // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is answered 400.
  if (line.version === '1.1' && hosts !== 1) return invalid(Problems.badRequest, 'an HTTP/1.1 request needs exactly one Host field');
  // A "close" sent alongside keep-alive wins, whatever the order.
  if (close) head.keepAlive = false;
  return { kind: 'head', head };
}

function requestLine(line: string): { method: string; target: string; version: '1.0' | '1.1' } | { problem: ProblemType; detail: string } {
  const match = REQUEST_LINE.exec(line);
  if (!match) return { problem: Problems.badRequest, detail: 'malformed request line' };
  if (match[3] !== '1' || (match[4] !== '0' && match[4] !== '1')) return { problem: HttpProblems.httpVersionNotSupported, detail: 'HTTP/1.1 and HTTP/1.0 only' };
  let target = match[2];
  if (target[0] !== '/') {
    const absolute = ABSOLUTE_FORM.exec(target);
    if (!absolute) return { problem: Problems.badRequest, detail: 'the request target must be a path' };
    target = target.slice(absolute[0].length) || '/';
    if (target[0] !== '/' && target[0] !== '?') return { problem: Problems.badRequest, detail: 'the request target must be a path' };
    if (target[0] === '?') target = '/' + target;
  }
  return { method: match[1], target, version: match[4] === '0' ? '1.0' : '1.1' };
}

/** No complete head yet: refuse now what can never become a valid one, else wait for more bytes. */
function incomplete(bytes: Buffer, start: number, limits: HeadLimits): HeadResult {
  const available = bytes.length - start;
  const firstLineEnd = bytes.indexOf('\r\n', start, 'latin1');
  if (firstLineEnd >= 0) {
    const line = requestLine(bytes.toString('latin1', start, firstLineEnd));
    if ('problem' in line) return { kind: 'invalid', ...line };
  } else {
    // The method comes first: a byte that cannot be part of it (TLS, binary, a stray LF) is refused at once.
    const space = bytes.indexOf(0x20, start);
    const method = bytes.toString('latin1', start, Math.min(space < 0 ? bytes.length : space, start + 17));
    if ((method.length > 0 && !TOKEN.test(method)) || method.length > 16) return invalid(Problems.badRequest, 'malformed request line');
    if (available > limits.maxHeadBytes) return invalid(HttpProblems.uriTooLong, `the request line exceeds ${limits.maxHeadBytes} bytes`);
  }
  if (available >= limits.maxHeadBytes) return invalid(HttpProblems.headersTooLarge, `the request head exceeds ${limits.maxHeadBytes} bytes`);
  return INCOMPLETE;
}

/** RFC 9110 §5.5: field values are visible characters, spaces, tabs and obs-text; no CR, LF, NUL or other controls. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

const invalid = (problem: ProblemType, detail: string): HeadResult => ({ kind: 'invalid', problem, detail });

/** Skips the blank lines a client may send before a request (RFC 9112 §2.2). */
export function skipBlankLines(bytes: Buffer, at: number): number {
  while (at + 1 < bytes.length && bytes[at] === 0x0d && bytes[at + 1] === 0x0a) at += 2;
  return at;
}
