import { parseRequestHead, type HeadResult } from './http-request-head';

const limits = { maxHeadBytes: 256, maxHeaderFields: 4 };
const parse = (text: string): HeadResult => parseRequestHead(Buffer.from(text, 'latin1'), 0, limits);
const status = (text: string) => {
  const result = parse(text);
  return result.kind === 'invalid' ? result.problem.status : result.kind;
};

describe('parseRequestHead', () => {
  it('reads what the responder needs, and where the head ends', () => {
    const text = 'POST /ca/ocsp HTTP/1.1\r\nHost: x\r\nContent-Type: Application/OCSP-Request; q=1\r\nContent-Length: 5\r\n\r\nhello';
    const result = parse(text);
    expect(result).toMatchObject({ kind: 'head', head: { method: 'POST', target: '/ca/ocsp', version: '1.1', contentLength: 5, contentType: 'application/ocsp-request', keepAlive: true } });
    if (result.kind === 'head') expect(text.slice(result.head.headEnd)).toBe('hello');
  });

  it('keeps HTTP/1.0 open only on request, and closes whenever asked', () => {
    expect(parse('GET / HTTP/1.0\r\n\r\n')).toMatchObject({ head: { keepAlive: false } });
    expect(parse('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n')).toMatchObject({ head: { keepAlive: true } });
    expect(parse('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatchObject({ head: { keepAlive: false } });
    expect(parse('GET / HTTP/1.0\r\nConnection: close, keep-alive\r\n\r\n')).toMatchObject({ head: { keepAlive: false } });
  });

  it('reduces an absolute-form target to its path', () => {
    expect(parse('GET http://ocsp.example.om/ca/ocsp/MA== HTTP/1.1\r\nHost: ocsp.example.om\r\n\r\n')).toMatchObject({ head: { target: '/ca/ocsp/MA==' } });
  });

  it('waits for the rest of a head that may still be valid', () => {
    expect(status('GET /ca/ocsp/abc HTTP/1.1\r\nHost: x\r\n')).toBe('incomplete');
    expect(status('GE')).toBe('incomplete');
  });

  it.each([
    ['a binary (TLS) start', '\x16\x03\x01\x02\x00\x01', 400],
    ['a bad request line', 'GET /a b HTTP/1.1\r\n', 400],
    ['a relative target', 'GET ca/ocsp HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['HTTP/2 in HTTP/1 syntax', 'GET / HTTP/2.0\r\nHost: x\r\n\r\n', 505],
    ['a missing Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n', 400],
    ['whitespace before the colon', 'GET / HTTP/1.1\r\nHost : x\r\n\r\n', 400],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n', 400],
    ['a bare LF in a value', 'GET / HTTP/1.1\r\nHost: x\nInjected: y\r\n\r\n', 400],
    ['a NUL in a value', 'GET / HTTP/1.1\r\nHost: x\x00\r\n\r\n', 400],
    ['a Content-Length that is not a number', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 400],
    ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400],
    ['Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 501],
    ['too many fields', 'GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n', 431],
    ['a head over the limit', `GET / HTTP/1.1\r\nHost: x\r\nA: ${'a'.repeat(300)}`, 431],
    ['a request line over the limit', `GET /${'a'.repeat(300)}`, 414],
  ])('refuses %s', (_name, text, expected) => {
    expect(status(text)).toBe(expected);
  });
});
