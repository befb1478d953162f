export type ConsentErrorCode = 'claim-unknown' | 'claim-not-entitled' | 'purpose-invalid' | 'consent-unknown' | 'consent-withdrawn' | 'consent-replaced';

export class ConsentError extends Error {
  constructor(
    readonly code: ConsentErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ConsentError';
  }
}
