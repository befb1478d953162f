import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeOcspGetRequest, encodeOcspError, type OcspResponder } from '@theqa/ca';
import { Problems, requestIdFrom, writeNodeProblem, type Logger, type ProblemType } from '@theqa/http-shell';

const PREFIX = '/ca/ocsp';
const MAX_REQUEST_BYTES = 8 * 1024;
const OCSP_RESPONSE = 'application/ocsp-response';

/**
 * `GET /ca/ocsp/<base64 request>` and `POST /ca/ocsp` (RFC 6960 appendix A, RFC 5019), on node:http
 * directly: this is the platform's hottest path, and a cached answer should cost a parse and a lookup,
 * not a trip through the web framework. Returns false for every other request.
 */
export function createOcspHttpHandler(ocsp: OcspResponder, logger: Logger) {
  return function handleOcsp(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    if (!url.startsWith(PREFIX) || (url.length > PREFIX.length && url[PREFIX.length] !== '/' && url[PREFIX.length] !== '?')) return false;
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    if (req.method === 'GET') {
      const encoded = url.slice(PREFIX.length + 1).split('?')[0];
      let der: Buffer;
      try {
        der = decodeOcspGetRequest(encoded);
      } catch {
        send(res, encodeOcspError('malformedRequest'), false);
        return true;
      }
      void answer(der, true);
      return true;
    }
    if (req.method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (type !== 'application/ocsp-request') {
        problem(Problems.unsupportedMediaType, 'OCSP requests are sent as application/ocsp-request');
        req.resume();
        return true;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REQUEST_BYTES) {
          problem(Problems.payloadTooLarge, `OCSP requests are at most ${MAX_REQUEST_BYTES} bytes`);
          req.destroy();
        } else chunks.push(chunk);
      });
      req.on('end', () => {
        if (!res.headersSent) void answer(Buffer.concat(chunks), false);
      });
      return true;
    }
    problem(Problems.methodNotAllowed, 'OCSP accepts GET and POST');
    return true;

    function problem(type: ProblemType, detail: string) {
      writeNodeProblem(req, res, { problem: type, detail, extensions: {} }, requestId);
    }

    async function answer(der: Buffer, cacheable: boolean) {
      try {
        send(res, await ocsp.respond(der), cacheable);
      } catch (error) {
        logger.error({ err: error, req_id: requestId }, 'ocsp failed');
        send(res, encodeOcspError('internalError'), false);
      }
    }
  };
}

function send(res: ServerResponse, der: Buffer, cacheable: boolean): void {
  res.statusCode = 200;
  res.setHeader('content-type', OCSP_RESPONSE);
  res.setHeader('content-length', der.length);
  // RFC 5019 §6: GET answers may be cached by HTTP proxies; errors and POST answers may not.
  res.setHeader('cache-control', cacheable && der.length > 5 ? 'public, max-age=300, no-transform' : 'no-store');
  res.end(der);
}
