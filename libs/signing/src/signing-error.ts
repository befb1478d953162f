/** What went wrong, as a code the HTTP shell maps to a problem type and status. */
export type SigningErrorCode =
  | 'request-invalid'
  | 'document-invalid'
  | 'document-too-large'
  | 'signer-unknown'
  | 'signer-not-high'
  | 'signer-no-signing-key'
  | 'signer-blocked'
  | 'signer-certificate-invalid'
  | 'request-unknown'
  | 'request-not-pending'
  | 'request-expired'
  | 'document-not-signed'
  | 'signature-invalid'
  | 'completion-failed'
  | 'client-unauthenticated';

export class SigningServiceError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SigningServiceError';
  }
}
