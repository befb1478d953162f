import { encodeOcspError, type OcspResponder } from '@theqa/ca';
import { Problems, type Logger } from '@theqa/http-shell';
import { GetRequestMemo } from './get-request-memo';
import type { RequestHead } from './http-request-head';
import { jsonBytes, ocspAnswerBytes, problemBytes, type Framing } from './http-response-bytes';
import { HttpProblems } from './ocsp-problems';
import type { StatusSourceHealth } from './status-source-health';

const PREFIX = '/ca/ocsp';
const OCSP_REQUEST = 'application/ocsp-request';

/** A complete request: its head and its Content-Length body. */
export interface HttpRequest {
  head: RequestHead;
  body: Buffer;
}

/** The response bytes, at once when no I/O is needed (the hot path), else later; `close` ends the connection after it. */
export interface RouteAnswer {
  bytes: Buffer | Promise<Buffer>;
  close?: boolean;
}

export type Route = (request: HttpRequest) => RouteAnswer;

/**
 * The responder's few routes, with the semantics of the platform's `/ca/ocsp` (ocsp-http.ts):
 * `GET /ca/ocsp/<url-encoded base64 DER>` and `POST /ca/ocsp` (application/ocsp-request), RFC 6960
 * appendix A and RFC 5019; `GET /health`. A nonce-less request whose pre-signed answer is in memory is
 * answered synchronously (`OcspResponder.respondNow`); anything else goes through `respond`.
 * /health says whether answers are being signed, or whether the status source (the database) is
 * unreachable and requests are answered tryLater (503, so that monitoring sees it).
 */
export function createOcspRoute(ocsp: OcspResponder, logger: Logger, statusSource?: StatusSourceHealth): Route {
  const getRequests = new GetRequestMemo();
  return function route({ head, body }: HttpRequest): RouteAnswer {
    const framing: Framing = { keepAlive: head.keepAlive, requestId: head.requestId };
    const query = head.target.indexOf('?');
    const path = query < 0 ? head.target : head.target.slice(0, query);
    const problem = (type: Parameters<typeof problemBytes>[0], detail: string, headers?: string[]): RouteAnswer => ({
      bytes: problemBytes(type, detail, { ...framing, acceptLanguage: head.acceptLanguage, headers }),
    });

    if (path === PREFIX || path.startsWith(PREFIX + '/')) {
      if (head.method === 'GET') {
        let der: Buffer;
        try {
          der = getRequests.decode(path.slice(PREFIX.length + 1));
        } catch {
          return { bytes: ocspAnswerBytes(encodeOcspError('malformedRequest'), false, framing) };
        }
        return answer(der, true, framing);
      }
      if (head.method === 'POST') {
        if (!head.hasContentLength) return problem(HttpProblems.lengthRequired, 'OCSP requests are sent with a Content-Length');
        if (head.contentType !== OCSP_REQUEST) return problem(Problems.unsupportedMediaType, 'OCSP requests are sent as application/ocsp-request');
        return answer(body, false, framing);
      }
      return problem(Problems.methodNotAllowed, 'OCSP accepts GET and POST', ['allow: GET, POST']);
    }
    if (path === '/health') {
      if (head.method !== 'GET') return problem(Problems.methodNotAllowed, 'health accepts GET', ['allow: GET']);
      if (!statusSource) return { bytes: jsonBytes(200, { status: 'ok', service: 'ocsp', answering: 'normally' }, framing) };
      return { bytes: statusSource.reachable().then((reachable) => healthBytes(reachable, head.acceptLanguage, framing)) };
    }
    return problem(Problems.notFound, 'this server answers OCSP requests at /ca/ocsp');
  };

  function answer(der: Buffer, cacheable: boolean, framing: Framing): RouteAnswer {
    const now = ocsp.respondNow(der);
    if (now) return { bytes: ocspAnswerBytes(now, cacheable, framing) };
    return {
      bytes: ocsp.respond(der).then(
        (response) => ocspAnswerBytes(response, cacheable, framing),
        (error: unknown) => {
          logger.error({ err: error }, 'ocsp failed');
          return ocspAnswerBytes(encodeOcspError('internalError'), false, framing);
        },
      ),
    };
  }
}

function healthBytes(reachable: boolean, acceptLanguage: string | undefined, framing: Framing): Buffer {
  if (reachable) return jsonBytes(200, { status: 'ok', service: 'ocsp', answering: 'normally', database: { reachable: true } }, framing);
  return problemBytes(Problems.serviceUnavailable, 'The certificate status database does not answer: OCSP requests are answered tryLater until it is back.', {
    ...framing,
    acceptLanguage,
    extensions: { service: 'ocsp', answering: 'tryLater', database: { reachable: false } },
  });
}
