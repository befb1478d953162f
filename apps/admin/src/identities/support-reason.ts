import { SUPPORT_REASON_MAX_LENGTH } from '@theqa/identity';
import type { Bilingual } from '@theqa/kernel';

/** A reason as typed in a support form: the value to act with, or what is wrong with it, in both languages. */
export type ReadReason = { ok: true; value?: string } | { ok: false; problem: Bilingual };

/**
 * The reason an administrator gives for a support action, checked as @theqa/identity checks it
 * (`supportReason`), so that a bad one comes back as the form with its error — never as a failure
 * after a four-eyes proposal was already made.
 */
export function readReason(typed: string | undefined, required: boolean): ReadReason {
  const text = (typed ?? '').trim();
  if (!text) return required ? { ok: false, problem: { ar: 'اكتب السبب: يُحفظ في سجل التدقيق.', en: 'Give the reason: it is kept in the audit log.' } } : { ok: true };
  if ([...text].length > SUPPORT_REASON_MAX_LENGTH) return { ok: false, problem: { ar: `السبب أطول من ${SUPPORT_REASON_MAX_LENGTH} حرف.`, en: `The reason is longer than ${SUPPORT_REASON_MAX_LENGTH} characters.` } };
  if (/\p{Cc}/u.test(text)) return { ok: false, problem: { ar: 'السبب يحتوي على رموز تحكم غير مسموح بها.', en: 'The reason contains control characters, which are not allowed.' } };
  return { ok: true, value: text };
}
