/** What the responder asserts about one certificate (RFC 6960 §2.2). */
export type CertificateStatus =
  | { kind: 'good' }
  /** `reason` is a CRLReason code (RFC 5280 §5.3.1); leave it out rather than send unspecified (0). */
  | { kind: 'revoked'; revokedAt: Date; reason?: number }
  | { kind: 'unknown' };

export const CRL_REASON = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  // 7 is not used; 8 (removeFromCRL) only un-revokes entries of delta CRLs: neither describes a revocation.
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

const VALID_REASONS = new Set<number>(Object.values(CRL_REASON));

export function isRevocationReason(code: number): boolean {
  return VALID_REASONS.has(code);
}
