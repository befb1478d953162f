import type { Bilingual } from '@theqa/kernel';

/**
 * The RFC 5280 reasons an administrator may give for a revocation: certificateHold is a hold (released
 * later) and removeFromCRL a release, each with its own button, never a reason chosen here.
 */
export const REVOKE_REASONS = ['keyCompromise', 'superseded', 'affiliationChanged', 'cessationOfOperation', 'privilegeWithdrawn', 'cACompromise', 'aACompromise', 'unspecified'] as const;

export type RevokeReason = (typeof REVOKE_REASONS)[number];

/** How pages name every reason a certificate can carry (a held one's too). */
export const REASON_NAMES: Record<RevokeReason | 'certificateHold' | 'removeFromCRL', Bilingual> = {
  keyCompromise: { ar: 'اختراق المفتاح الخاص', en: 'Key compromise' },
  superseded: { ar: 'استُبدلت بشهادة أحدث', en: 'Superseded' },
  affiliationChanged: { ar: 'تغيّرت بيانات صاحبها أو انتماؤه', en: 'Affiliation changed' },
  cessationOfOperation: { ar: 'توقّف استعمالها', en: 'Cessation of operation' },
  privilegeWithdrawn: { ar: 'سُحبت الصلاحية', en: 'Privilege withdrawn' },
  cACompromise: { ar: 'اختراق جهة التصديق', en: 'CA compromise' },
  aACompromise: { ar: 'اختراق جهة منح السمات', en: 'AA compromise' },
  unspecified: { ar: 'دون تحديد', en: 'Unspecified' },
  certificateHold: { ar: 'إيقاف مؤقت', en: 'Certificate hold' },
  removeFromCRL: { ar: 'رُفع الإيقاف', en: 'Removed from CRL' },
};

export function isRevokeReason(value: unknown): value is RevokeReason {
  return typeof value === 'string' && (REVOKE_REASONS as readonly string[]).includes(value);
}

/** A reason as a page shows it, whatever the ledger holds. */
export function reasonLabel(reason: string | undefined): Bilingual | undefined {
  if (reason === undefined) return undefined;
  return Object.hasOwn(REASON_NAMES, reason) ? REASON_NAMES[reason as keyof typeof REASON_NAMES] : { ar: reason, en: reason };
}
