/**
 * Errors a caller can act on. Each has a stable `code` (apps map it to a problem type) and never
 * carries key material. Anything else thrown from the library is a bug.
 */
export class CaError extends Error {
  constructor(
    readonly code: CaErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CaError';
  }
}

export type CaErrorCode =
  | 'csr-malformed'
  | 'csr-signature-invalid'
  | 'csr-key-forbidden'
  | 'profile-unknown'
  | 'profile-invalid'
  | 'identity-invalid'
  | 'authority-unknown'
  | 'authority-not-ready'
  | 'certificate-lint-failed'
  | 'certificate-unknown'
  | 'revocation-invalid'
  | 'serial-collision'
  | 'hierarchy-invalid'
  | 'hierarchy-incomplete';
