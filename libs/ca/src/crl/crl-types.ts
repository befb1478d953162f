import type { SigningKey } from '@theqa/keys';
import type { REVOCATION_REASONS } from '../revocation/revocation-reason';

/** RFC 5280 §5.3.1 CRLReason codes: one table for the whole CA (revocation/revocation-reason.ts). */
export { REVOCATION_REASONS as CrlReason } from '../revocation/revocation-reason';
export type CrlReason = (typeof REVOCATION_REASONS)[keyof typeof REVOCATION_REASONS];

export interface RevokedEntry {
  /** Certificate serial number as an unsigned big-endian magnitude (leading zero octets are ignored). */
  serial: Buffer;
  /** Revocation time; encoded in whole seconds (milliseconds are truncated). */
  revokedAt: Date;
  /** Omitted or `unspecified` → no reasonCode extension (RFC 5280 §5.3.1 recommends leaving it out). */
  reason?: CrlReason;
  /** When the key is known or suspected to have been compromised (RFC 5280 §5.3.2). */
  invalidityDate?: Date;
}

export interface CrlInput {
  /** DER Name of the issuing CA (the subject of its certificate, byte for byte). */
  issuerName: Buffer;
  signer: SigningKey;
  /** Monotonically increasing CRL number; ≤ 20 octets (RFC 5280 §5.2.3). */
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
  /** keyIdentifier octets of the CA key (its certificate's subjectKeyIdentifier). */
  authorityKeyIdentifier: Buffer;
  /** Revoked certificates in the order they should appear; read once, never held as a whole. */
  entries: Iterable<RevokedEntry> | AsyncIterable<RevokedEntry>;
  /** URL of this CRL, put in a critical issuingDistributionPoint extension (RFC 5280 §5.2.5). */
  issuingDistributionPoint?: string;
}

/** Invalid CRL input (bad serial, duplicate, bad dates…); the message names the offending value. */
export class CrlError extends Error {
  override name = 'CrlError';
}
