// PAdES signatures: an append-only PDF writer, two-phase remote signing (prepare → the device or key
// store signs → complete), time-stamps and long-term validation data, visible appearances.

// Signing
export { prepare, type PrepareResult } from './prepare/prepare';
export type { PrepareOptions, VisibleSignature } from './prepare/prepare-options';
export { PREPARED_FORMAT, type PreparedDocument, type PreparedSignature } from './prepare/prepared-state';
export { complete, completeParts, type CompleteOptions } from './complete/complete';
export { signPdf, signPdfParts, type SignPdfOptions, type SignatureFunction } from './complete/sign-pdf';
export { joinSignedPdf, signedPdfSha256, type SignedPdfParts } from './complete/signed-pdf-parts';

// Levels, time-stamps and revocation data
export { PADES_LEVELS, DEFAULT_LEVEL, isPadesLevel, type PadesLevel } from './levels/level';
export type { TimeStampFunction } from './cms/time-stamp-token';
export type { RevocationFunction, RevocationData } from './levels/revocation';

// Certification and field locks
export type { CertificationPermission } from './signature/certification';
export type { FieldLock } from './signature/field-lock';

// Visible appearance
export { renderSignatureAppearance, DIGITALLY_SIGNED, type SignatureAppearance, type SignatureAppearanceOptions } from './appearance/render-signature-appearance';

// Inspecting an upload
export { inspectPdf, type PdfSummary } from './pdf/inspect-pdf';

// Errors
export { PadesError, PdfError, SigningError, type PadesErrorCode, type PdfErrorCode, type SigningErrorCode } from './errors';

// Validation (ETSI EN 319 102-1 report)
export { validatePdf, type ValidationOptions } from './validation/validate-pdf';
export { formatValidationReport } from './validation/format-report';
export type { RevocationFetcher, FetchedRevocationData } from './validation/revocation';
export type {
  ValidationReport,
  SignatureValidation,
  Indication,
  SubIndication,
  Finding,
  Failure,
  CertificateSummary,
  RevocationReport,
  TimeStampReport,
  Change,
  ChangeKind,
  ChangesReport,
} from './validation/report';
