/** What `prepare` is asked to do. */
import type { SignatureAppearance } from '../form/signature-appearance';
import type { PadesLevel } from '../levels/level';
import type { CertificationPermission } from '../signature/certification';
import type { FieldLock } from '../signature/field-lock';

export interface PrepareOptions {
  /** The signer's certificate, DER: its hash is signed (ESS signing-certificate-v2). */
  certificate: Buffer;
  /** The signer's issuers, DER, leaf-most first: embedded in the CMS (and sizes /Contents). */
  chain?: Buffer[];
  /** Default B-LT. */
  level?: PadesLevel;
  /** Written in /M; default now. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  /** The signer's name in /Name. */
  name?: string;
  contactInfo?: string;
  /**
   * An existing empty signature field to sign into; or, when the form has no such field, the name
   * of the new one (default "Signature<n>").
   */
  field?: string;
  /** The page of a new invisible signature's widget (1-based, default 1). */
  page?: number;
  /** A visible signature: where, and what it shows (from the appearance renderer). */
  visible?: VisibleSignature;
  /** A certification signature with this DocMDP permission (1: no changes; 2: forms and signing; 3: also annotations). */
  certify?: CertificationPermission;
  /** Lock form fields once signed (FieldMDP). */
  lock?: FieldLock;
  /** Bytes reserved for the CMS (default: estimated from the certificates and the level). */
  contentsSize?: number;
  /** Bytes reserved for a time-stamp token in the estimate (default 8192). */
  timeStampSize?: number;
}

export interface VisibleSignature {
  appearance: SignatureAppearance;
  /** For a new field: its page (1-based, default 1) and rectangle in points from the page's lower-left corner. */
  page?: number;
  rect?: { x: number; y: number; width: number; height: number };
}
