import type { Bilingual } from '@theqa/kernel';

/**
 * A person's consent to release these claims to this relying party for this purpose, until it expires,
 * is withdrawn, or is replaced by a newer consent to the same relying party (one is in force at a time).
 */
export interface ConsentRecord {
  id: string;
  civilNumber: string;
  clientId: string;
  claims: readonly string[];
  purpose: Bilingual;
  grantedAt: Date;
  expiresAt: Date;
  withdrawnAt?: Date;
  /** When a newer consent to the same relying party (other claims, another purpose, or this one lapsed) took its place. */
  replacedAt?: Date;
}

/**
 * Whether an earlier consent spares the person the consent screen: still in force, for the same
 * purpose, covering every claim asked now. A withdrawn, replaced or expired consent, a new claim or a
 * changed purpose means asking again.
 */
export function consentCovers(record: ConsentRecord | undefined, claims: readonly string[], purpose: Bilingual, now: Date): boolean {
  if (!record || record.withdrawnAt || record.replacedAt || record.expiresAt <= now) return false;
  if (record.purpose.ar !== purpose.ar || record.purpose.en !== purpose.en) return false;
  const given = new Set(record.claims);
  return claims.every((c) => given.has(c));
}

/** One year, as consents to public services usually run; the person may withdraw sooner. */
export const CONSENT_VALIDITY_DAYS = 365;
