import type { IncomingMessage, ServerResponse } from 'node:http';
import { CaError } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { isPlainJsonRequest, logNodeRequest, readJsonBody, requestIdFrom, writeNodeError, writeNodeJson, type Logger } from '@theqa/http-shell';
import { caProblem } from './ca-problems';
import { citizenRequestFrom, issuedCertificateBody } from './issuance-contract';
import { validIssueCertificateBody } from './issue-certificate-body';
import type { IssuanceApiToken } from './issuance-api-token';

const PATH = '/ca/certificates';

/**
 * `POST /ca/certificates` on node:http, ahead of the web framework: at hundreds of issuances a
 * second, Express, Nest and class-validator cost more CPU than signing. Same contract as
 * CertificatesController (it shares issuance-contract.ts and its ValidationPipe). Only the ordinary
 * request is taken here — exact path, a valid bearer token, plain UTF-8 JSON with a Content-Length;
 * every other one (no or wrong token, other media types, chunked, oversized, trailing slash…) is left
 * to the controller, which answers it as before. Returns false for requests it leaves.
 */
export function createIssuanceHttpHandler(ca: CertificateAuthority, token: IssuanceApiToken, logger: Logger) {
  return function handleIssuance(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST' || req.url !== PATH || !isPlainJsonRequest(req) || !token.accepts(req.headers.authorization)) return false;
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    issue(req, res, requestId).then(
      () => logNodeRequest(logger, req, res, requestId, started),
      (error: unknown) => logger.error({ err: error, req_id: requestId }, 'issuance answer failed'),
    );
    return true;
  };

  async function issue(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    try {
      const body = await validIssueCertificateBody(await readJsonBody(req));
      const issued = await ca.issueForCitizen(citizenRequestFrom(body));
      writeNodeJson(res, 201, issuedCertificateBody(issued));
    } catch (error) {
      if ((error as { type?: string }).type === 'request.aborted') return;
      writeNodeError(req, res, error instanceof CaError ? caProblem(error) : error, requestId, logger);
    }
  }
}
