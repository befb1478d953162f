import type { CertificateStatus } from '@theqa/ca';
import type { Bilingual, Language } from '@theqa/kernel';
import { reasonLabel } from '../ca/revocation-reasons';
import { both, t } from './html';

export const STATUS_NAMES: Record<CertificateStatus, Bilingual> = {
  good: { ar: 'سارية', en: 'Good' },
  revoked: { ar: 'ملغاة', en: 'Revoked' },
  'on-hold': { ar: 'موقوفة مؤقتاً', en: 'On hold' },
  pending: { ar: 'قيد الإصدار', en: 'Pending' },
};

const STATUS_KIND: Record<CertificateStatus, string> = { good: 'good', revoked: 'bad', 'on-hold': 'warn', pending: '' };

/** A certificate's status as a badge, with the reason of a revocation or hold. */
export function statusBadge(status: CertificateStatus, reason: string | undefined, lang: Language): string {
  const why = status === 'revoked' || status === 'on-hold' ? reasonLabel(reason) : undefined;
  return `<span class="badge ${STATUS_KIND[status]}" data-status="${status}">${t(STATUS_NAMES[status], lang)}</span>${why ? ` <span data-reason="${reason ?? ''}">(${t(why, lang)})</span>` : ''}`;
}

/** Bad input, said in both languages (whichever the administrator reads): nothing was changed. */
export function inputError(message: Bilingual): string {
  return `<div class="notice warning" role="alert" data-testid="input-error"><p>${both(message)}</p></div>`;
}
