export type ConsentErrorCode =
  | 'claim-unknown'
  | 'claim-not-entitled'
  | 'purpose-invalid'
  | 'consent-unknown'
  | 'consent-withdrawn'
  | 'consent-replaced'
  // A consent receipt that does not verify (receipt/verify-consent-receipt.ts).
  | 'receipt-malformed'
  | 'receipt-key-unknown'
  | 'receipt-signature-invalid'
  | 'receipt-keys-invalid';

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
