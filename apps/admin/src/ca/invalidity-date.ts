import type { Bilingual } from '@theqa/kernel';

/**
 * The optional invalidity date of a revocation (RFC 5280 §5.3.2: when the key is known or suspected to
 * have been compromised), as a date field sends it: `YYYY-MM-DD`, taken at midnight UTC, not in the future.
 */
export function parseInvalidityDate(text: string | undefined, now: Date): { date?: Date } | { error: Bilingual } {
  if (!text) return {};
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    return { error: { ar: 'تاريخ عدم الصلاحية غير صحيح: اكتبه على الصورة YYYY-MM-DD.', en: 'The invalidity date is not valid: write it as YYYY-MM-DD.' } };
  }
  if (date > now) return { error: { ar: 'تاريخ عدم الصلاحية لا يكون في المستقبل.', en: 'The invalidity date cannot be in the future.' } };
  return { date };
}
