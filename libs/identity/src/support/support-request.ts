import { isCivilNumber } from '@theqa/kernel';
import { IdentityError } from '../identity-error';

export const SUPPORT_REASON_MAX_LENGTH = 500;

/** The civil number an administrator typed, or `request-invalid`. */
export function supportCivilNumber(value: unknown): string {
  const typed = typeof value === 'string' ? value.trim() : '';
  if (!isCivilNumber(typed)) throw new IdentityError('request-invalid', 'the civil number is 6 to 12 digits', { field: 'civil_number' });
  return typed;
}

/** Why the administrator acts: required, kept in the audit log, so at most 500 characters and no control characters. */
export function supportReason(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new IdentityError('request-invalid', 'a reason is required', { field: 'reason' });
  if ([...text].length > SUPPORT_REASON_MAX_LENGTH) throw new IdentityError('request-invalid', `the reason is at most ${SUPPORT_REASON_MAX_LENGTH} characters`, { field: 'reason' });
  if (/\p{Cc}/u.test(text)) throw new IdentityError('request-invalid', 'the reason must not contain control characters', { field: 'reason' });
  return text;
}

/** Who acts: `admin:<civil number>` and the like; never empty (the audit log names every actor). */
export function supportActor(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z][a-z-]*:\S{1,100}$/.test(value)) throw new Error(`an administrative action needs its actor as kind:id, not ${JSON.stringify(value)}`);
  return value;
}
