/** Every refusal of the identity journeys, with a stable code the HTTP shell maps to a problem type. */
export type IdentityErrorCode =
  | 'request-invalid'
  | 'journey-unknown'
  | 'journey-closed'
  | 'journey-expired'
  | 'step-out-of-order'
  | 'step-expired'
  | 'journey-busy'
  | 'card-data-invalid'
  | 'card-signature-invalid'
  | 'card-not-valid'
  | 'person-unknown'
  | 'person-deceased'
  | 'names-disagree'
  | 'contact-invalid'
  | 'terms-version'
  | 'face-mismatch'
  | 'face-attempts-exhausted'
  | 'otp-wrong'
  | 'otp-expired'
  | 'otp-attempts-exhausted'
  | 'otp-resend-too-soon'
  | 'pin-format'
  | 'pin-trivial'
  | 'csr-invalid'
  | 'device-unknown'
  | 'device-revoked'
  | 'device-signature-invalid'
  | 'challenge-unknown'
  | 'challenge-used'
  | 'challenge-expired'
  | 'answer-invalid'
  | 'pin-wrong'
  | 'pin-blocked'
  | 'identity-unknown'
  | 'rate-limited'
  | 'external-unavailable'
  | 'identity-suspended'
  | 'already-high'
  | 'device-not-yours'
  | 'upgrade-code-unknown'
  | 'upgrade-code-expired'
  | 'upgrade-code-used'
  | 'upgrade-other-device'
  | 'signing-key-is-login-key';

export class IdentityError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IdentityError';
  }
}

/**
 * An outside system (civil registry, face matching, SMS) is unavailable: the client may try again,
 * after the system's own hint (`retry_after`, seconds) when it gave one.
 */
export function externalUnavailable(message: string, failure: { retryAfterSeconds?: number }): IdentityError {
  return new IdentityError('external-unavailable', message, failure.retryAfterSeconds === undefined ? {} : { retry_after: failure.retryAfterSeconds });
}

/** A fact an earlier step must have recorded; its absence is a bug, never the caller's input. */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`journey invariant broken: no ${what} recorded`);
  return value;
}
