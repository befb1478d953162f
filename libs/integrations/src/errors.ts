/**
 * Errors a caller can act on, the same for dev and production adapters: a production adapter maps the
 * remote system's answers (HTTP 400, timeouts, 5xx) onto these codes, so nothing in the core knows which
 * adapter runs. Anything else thrown from an adapter is a bug.
 */
export class IntegrationError extends Error {
  constructor(
    readonly code: IntegrationErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IntegrationError';
  }

  /** Which outside system refused or failed. */
  get system(): ExternalSystem {
    return SYSTEM_OF[this.code];
  }

  /** Worth trying again later: the system was unreachable or overloaded, not the request wrong. */
  get retryable(): boolean {
    return this.code.endsWith('-unavailable');
  }
}

export type ExternalSystem = 'civil-registry' | 'card-data' | 'sms' | 'push' | 'face-match';

const SYSTEM_OF = {
  'civil-number-invalid': 'civil-registry',
  'registry-unavailable': 'civil-registry',
  'card-data-malformed': 'card-data',
  'card-data-non-canonical': 'card-data',
  'phone-number-invalid': 'sms',
  'sms-text-invalid': 'sms',
  'sms-purpose-invalid': 'sms',
  'sms-unavailable': 'sms',
  'device-id-invalid': 'push',
  'push-payload-invalid': 'push',
  'push-unavailable': 'push',
  'image-unreadable': 'face-match',
  'face-match-unavailable': 'face-match',
} as const satisfies Record<string, ExternalSystem>;

export type IntegrationErrorCode = keyof typeof SYSTEM_OF;
