import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPlainJsonRequest, logNodeRequest, readJsonBody, requestIdFrom, writeNodeError, writeNodeJson, type Logger, type OutageDetector } from '@theqa/http-shell';
import { issueCertificate, issuedCertificateBody, type IssuanceDependencies } from './issuance-contract';
import { issuanceProblem } from './issuance-problems';
import { unauthenticated } from './issuance-token.guard';
import { validIssueCertificateBody } from './issue-certificate-body';
import type { IssuanceApiToken } from './issuance-api-token';

const PATH = '/ca/certificates';
// The route as Express matches it: an optional trailing slash, any query string.
const ROUTE = /^\/ca\/certificates\/?(?:\?.*)?$/;

/**
 * `POST /ca/certificates` on node:http, ahead of the web framework: at hundreds of issuances a
 * second, Express, Nest and class-validator cost more CPU than signing. Same contract as
 * CertificatesController (it shares issuance-contract.ts and its ValidationPipe). A request without a
 * valid bearer token is refused here, before a byte of its body is read, whatever it carries. Of the
 * authenticated ones, only the ordinary request is taken — exact path, plain UTF-8 JSON with a
 * Content-Length; every other one (other media types, chunked, oversized, trailing slash…) is left to
 * the controller, which answers it as before. Returns false for requests it leaves. `outage` is the
 * HTTP shell's (configureHttpShell), so that a database outage is a 503 here as it is there.
 */
export function createIssuanceHttpHandler(issuance: IssuanceDependencies, token: IssuanceApiToken, logger: Logger, options: { outage?: OutageDetector } = {}) {
  return function handleIssuance(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || !ROUTE.test(req.url ?? '')) return false;
    const authenticated = token.accepts(req.headers.authorization);
    if (authenticated && (req.url !== PATH || !isPlainJsonRequest(req))) return false;
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const answered = authenticated ? issue(req, res, requestId) : refuse(req, res, requestId);
    answered.then(
      () => logNodeRequest(logger, req, res, requestId, started),
      (error: unknown) => logger.error({ err: error, req_id: requestId }, 'issuance answer failed'),
    );
    return true;
  };

  /** The body is left unread: node:http discards it once the answer is sent. */
  async function refuse(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    writeNodeError(req, res, unauthenticated(), requestId, logger);
  }

  async function issue(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    try {
      const body = await validIssueCertificateBody(await readJsonBody(req));
      const issued = await issueCertificate(issuance, body);
      writeNodeJson(res, 201, issuedCertificateBody(issued));
    } catch (error) {
      if ((error as { type?: string }).type === 'request.aborted') return;
      writeNodeError(req, res, issuanceProblem(error), requestId, logger, options.outage);
    }
  }
}
