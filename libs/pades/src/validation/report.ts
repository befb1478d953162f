/**
 * The validation report (ETSI EN 319 102-1 §5.1.3): per signature, in document order, an indication,
 * a sub-indication, why, and what the validation found on the way (signer, chain, revocation,
 * time-stamp, level, changes made after it). JSON-safe apart from Dates.
 */
import type { Bilingual } from '@theqa/kernel';
import type { PadesLevel } from '../levels/level';
import type { RevocationSource } from './revocation';

export type Indication = 'TOTAL_PASSED' | 'INDETERMINATE' | 'TOTAL_FAILED';

export type SubIndication =
  // TOTAL_FAILED
  | 'FORMAT_FAILURE'
  | 'HASH_FAILURE'
  | 'SIG_CRYPTO_FAILURE'
  | 'REVOKED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  // INDETERMINATE
  | 'SIG_CONSTRAINTS_FAILURE'
  | 'CRYPTO_CONSTRAINTS_FAILURE'
  | 'NO_SIGNING_CERTIFICATE_FOUND'
  | 'NO_CERTIFICATE_CHAIN_FOUND'
  | 'REVOKED_NO_POE'
  | 'OUT_OF_BOUNDS_NO_POE'
  | 'TRY_LATER';

export interface Finding {
  /** Stable, for programs (see findings.ts). */
  code: string;
  message: Bilingual;
}

/** A reason the signature did not pass: what it implies for the indication. */
export interface Failure extends Finding {
  indication: Exclude<Indication, 'TOTAL_PASSED'>;
  subIndication: SubIndication;
}

export interface CertificateSummary {
  subject: string;
  commonName?: string;
  /** The civil number of a natural person's semantics identifier (PNOxx-…). */
  civilNumber?: string;
  /** A legal person's organizationIdentifier (ETSI EN 319 412-1 §5.1.4). */
  organizationIdentifier?: string;
  organization?: string;
  issuer: string;
  /** Hex, without leading zero octets. */
  serialNumber: string;
  sha256: string;
  notBefore: Date;
  notAfter: Date;
}

export interface RevocationReport {
  status: 'good' | 'revoked' | 'unknown';
  /** The time the status is asked for: the signature time-stamp's, else the validation time. */
  at: Date;
  source?: RevocationSource;
  kind?: 'ocsp' | 'crl';
  thisUpdate?: Date;
  nextUpdate?: Date;
  revokedAt?: Date;
}

export interface TimeStampReport {
  valid: boolean;
  time?: Date;
  tsa?: CertificateSummary;
  /** The TSA's chain reaches a trust anchor. */
  trusted: boolean;
  problem?: string;
}

export type ChangeKind =
  | 'signature'
  | 'document-time-stamp'
  | 'validation-data'
  | 'form-filling'
  | 'metadata'
  | 'page-content'
  | 'annotation'
  | 'field-value'
  | 'locked-field'
  | 'form-structure'
  | 'unsigned-signature-field'
  | 'signature-dictionary'
  | 'catalog'
  | 'revision-chain'
  | 'other';

export interface Change {
  kind: ChangeKind;
  /** Object numbers concerned. */
  objects: number[];
  field?: string;
  page?: number;
  /** Language-neutral detail: keys, annotation subtype… */
  detail?: string;
}

export interface ChangesReport {
  /** Updates appended after this signature's revision. */
  laterRevisions: number;
  allowed: Change[];
  /** Changes that invalidate the signature (the signed content is no longer what is shown). */
  notAllowed: Change[];
  /** Changes that could alter what is shown without being proven to: INDETERMINATE. */
  suspicious: Change[];
}

export interface SignatureValidation {
  kind: 'signature' | 'document-time-stamp';
  fieldName: string;
  indication: Indication;
  subIndication?: SubIndication;
  failures: Failure[];
  warnings: Finding[];
  subFilter?: string;
  byteRange?: number[];
  /** 1-based revision the signature closes, and whether it covers the whole file. */
  revision?: number;
  coversWholeDocument: boolean;
  /** The time the signer claimed (/M). */
  claimedSigningTime?: Date;
  reason?: string;
  location?: string;
  signer?: CertificateSummary;
  /** From the signer (or TSA) to the trust anchor. */
  chain: CertificateSummary[];
  revocation?: RevocationReport;
  /** The signature time-stamp (or, for a document time-stamp, the token itself). */
  timeStamp?: TimeStampReport;
  level?: PadesLevel;
  changes?: ChangesReport;
}

export interface ValidationReport {
  validationTime: Date;
  documentSha256: string;
  revisions: number;
  signatures: SignatureValidation[];
  /** TOTAL_FAILED if any failed; INDETERMINATE if any is, or when there is no signature; else TOTAL_PASSED. */
  indication: Indication;
}
