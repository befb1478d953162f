/**
 * Errors a caller can act on, the same for dev and production adapters: a production adapter maps the
 * remote system's answers (HTTP 4xx, timeouts, 5xx, answers it cannot read) onto these codes, so nothing
 * in the core knows which adapter runs. Anything else thrown from an adapter is a bug.
 */
export class IntegrationError extends Error {
  /**
   * When the system is unavailable: seconds after which trying again may succeed (the remote's
   * Retry-After, or the adapter's default), for the platform's own Retry-After.
   */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: IntegrationErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IntegrationError';
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Which outside system refused or failed. */
  get system(): ExternalSystem {
    return SYSTEM_OF[this.code];
  }

  /** Worth trying again later: the system was unreachable or overloaded, not the request wrong. */
  get retryable(): boolean {
    return this.kind === 'unavailable';
  }

  /**
   * What went wrong, for an HTTP shell to answer by: the system was `unavailable` (503 with Retry-After);
   * it `rejected` the platform's request (its credentials, or a contract the two sides read differently)
   * or gave an `answer-invalid` (both 502: nothing the user can change); or the `input` was refused (a
   * civil number, phone number, text or image the caller should have checked).
   */
  get kind(): IntegrationFailureKind {
    if (this.code.endsWith('-unavailable')) return 'unavailable';
    if (this.code.endsWith('-rejected')) return 'rejected';
    if (this.code.endsWith('-answer-invalid')) return 'answer-invalid';
    return 'input';
  }
}

export type ExternalSystem = 'civil-registry' | 'card-data' | 'sms' | 'push' | 'face-match';
export type IntegrationFailureKind = 'unavailable' | 'rejected' | 'answer-invalid' | 'input';

const SYSTEM_OF = {
  'civil-number-invalid': 'civil-registry',
  'registry-unavailable': 'civil-registry',
  'registry-rejected': 'civil-registry',
  'registry-answer-invalid': 'civil-registry',
  'card-data-malformed': 'card-data',
  'card-data-non-canonical': 'card-data',
  'phone-number-invalid': 'sms',
  'sms-text-invalid': 'sms',
  'sms-purpose-invalid': 'sms',
  'sms-unavailable': 'sms',
  'sms-rejected': 'sms',
  'sms-answer-invalid': 'sms',
  'device-id-invalid': 'push',
  'push-payload-invalid': 'push',
  'push-unavailable': 'push',
  'image-unreadable': 'face-match',
  'face-match-unavailable': 'face-match',
  'face-match-rejected': 'face-match',
  'face-match-answer-invalid': 'face-match',
} as const satisfies Record<string, ExternalSystem>;

export type IntegrationErrorCode = keyof typeof SYSTEM_OF;
