import type { Bilingual, RateLimit, RateLimiter } from '@theqa/kernel';
import type { PortalSigning } from '@theqa/portal';
import { SigningServiceError, type SigningErrorCode, type SigningRequest, type SigningRequests } from '@theqa/signing';

/**
 * "Sign a PDF" in the portal: the signing service used by the portal as its own relying party (the
 * client registered at every start, ensurePortalRelyingParty), for the logged-in person only. Requests
 * are created, audited and completed as every relying party's are (`signing.requested` with the actor
 * `rp:<portal client id>`, then `document.signed` by the device); what another party made, or another
 * person's, is not found here. A person's uploads are counted in the platform's shared counters (the
 * `rate_limit` table, one statement per upload, as every limit of the platform is), `uploads` per window.
 */
export function portalSigning(requests: SigningRequests, portal: { clientId: string; name: Bilingual }, uploads: { counters: RateLimiter; limit: RateLimit }): PortalSigning {
  const own = async (civilNumber: string, id: string): Promise<SigningRequest | undefined> => {
    try {
      const request = await requests.statusFor(portal.clientId, id);
      return request.civilNumber === civilNumber ? request : undefined;
    } catch (error) {
      if (error instanceof SigningServiceError && error.code === 'request-unknown') return undefined;
      throw error;
    }
  };
  return {
    maxDocumentBytes: requests.maxDocumentBytes,
    async signerProblem(civilNumber): Promise<SigningErrorCode | undefined> {
      return (await requests.signerProblem(civilNumber))?.code;
    },
    admitUpload: (civilNumber) => uploads.counters.consume(`portal-sign-upload:civil:${civilNumber}`, uploads.limit.limit, uploads.limit.windowSeconds, new Date()),
    create: (civilNumber, submitted) => requests.create(portal, { civilNumber, document: submitted.document, documentName: submitted.documentName, reason: submitted.reason, level: 'B-LT' }),
    find: own,
    recent: (civilNumber, limit) => requests.requestsOf(portal.clientId, civilNumber, limit),
    async submittedDocument(civilNumber, id) {
      if (!(await own(civilNumber, id))) return undefined;
      return (await requests.submittedDocumentFor(portal.clientId, id)).pdf;
    },
    async signedDocument(civilNumber, id) {
      const request = await own(civilNumber, id);
      if (request?.status !== 'signed') return undefined;
      return (await requests.signedDocumentFor(portal.clientId, id)).pdf;
    },
  };
}
