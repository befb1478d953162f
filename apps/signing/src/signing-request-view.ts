import type { SigningRequest } from '@theqa/signing';

/** A signing request as its relying party reads it (snake_case JSON, times in ISO 8601). */
export function signingRequestView(request: SigningRequest, base: string) {
  return {
    id: request.id,
    status: request.status,
    document: { name: request.document.name, sha256: request.document.sha256, pages: request.document.pages, bytes: request.document.bytes },
    reason: request.reason,
    level: request.level,
    code: request.code,
    created_at: request.createdAt.toISOString(),
    expires_at: request.expiresAt.toISOString(),
    completed_at: request.completedAt?.toISOString(),
    signed_sha256: request.signedSha256,
    failure: request.failure,
    links: {
      self: `${base}/sign/requests/${request.id}`,
      ...(request.status === 'signed' ? { document: `${base}/sign/requests/${request.id}/document` } : {}),
    },
  };
}
