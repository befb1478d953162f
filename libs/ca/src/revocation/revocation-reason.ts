import { CaError } from '../errors/ca-error';

/** RFC 5280 §5.3.1 CRLReason (7 is unused). */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type RevocationReasonName = keyof typeof REVOCATION_REASONS;

export function reasonCode(name: string): number {
  const code = (REVOCATION_REASONS as Record<string, number>)[name];
  if (code === undefined) {
    throw new CaError('revocation-invalid', `unknown revocation reason "${name}" (one of: ${Object.keys(REVOCATION_REASONS).join(', ')})`);
  }
  return code;
}

export function reasonName(code: number | undefined | null): RevocationReasonName | undefined {
  return (Object.entries(REVOCATION_REASONS) as Array<[RevocationReasonName, number]>).find(([, c]) => c === code)?.[0];
}
