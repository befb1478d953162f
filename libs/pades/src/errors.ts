/**
 * Errors a caller can act on. Each has a stable `code` (the signing service maps it to a problem type)
 * and a message meant for an operator. Anything else thrown from the library is a bug.
 */
export class PadesError extends Error {
  constructor(
    readonly code: PadesErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'PadesError';
  }
}

/** The document itself cannot be read or may not be signed. */
export class PdfError extends PadesError {
  constructor(code: PdfErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'PdfError';
  }
}

/** The signing inputs (certificate, signature value, prepared state, time-stamp…) are wrong. */
export class SigningError extends PadesError {
  constructor(code: SigningErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'SigningError';
  }
}

export type PadesErrorCode = PdfErrorCode | SigningErrorCode;

export type PdfErrorCode =
  | 'pdf-malformed'
  | 'pdf-not-a-pdf'
  | 'pdf-unsupported-filter'
  | 'pdf-encrypted-user-password'
  | 'pdf-encrypted-unsupported'
  | 'pdf-signing-not-permitted'
  | 'pdf-certified-no-changes'
  | 'pdf-certification-not-first'
  | 'pdf-page-not-found'
  | 'pdf-field-not-found'
  | 'pdf-field-not-signature'
  | 'pdf-field-already-signed'
  | 'pdf-field-name-taken';

export type SigningErrorCode =
  | 'certificate-malformed'
  | 'certificate-key-unsupported'
  | 'certificate-mismatch'
  | 'signature-malformed'
  | 'signature-invalid'
  | 'signature-too-large'
  | 'prepared-state-invalid'
  | 'prepared-input-mismatch'
  | 'time-stamp-missing'
  | 'time-stamp-malformed'
  | 'revocation-missing'
  | 'options-invalid';

export function malformed(message: string, details: Record<string, unknown> = {}): PdfError {
  return new PdfError('pdf-malformed', message, details);
}
