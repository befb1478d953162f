import { REVOCATION_REASONS } from '../revocation/revocation-reason';

/** What the responder asserts about one certificate (RFC 6960 §2.2). */
export type OcspCertStatus =
  | { kind: 'good' }
  /** `reason` is a CRLReason code (RFC 5280 §5.3.1); leave it out rather than send unspecified (0). */
  | { kind: 'revoked'; revokedAt: Date; reason?: number }
  | { kind: 'unknown' };

// 8 (removeFromCRL) only un-revokes entries of delta CRLs: it never describes a revocation.
const VALID_REASONS = new Set<number>(Object.values(REVOCATION_REASONS).filter((code) => code !== REVOCATION_REASONS.removeFromCRL));

export function isRevocationReason(code: number): boolean {
  return VALID_REASONS.has(code);
}
