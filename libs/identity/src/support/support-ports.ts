/** One suspension of an identity: who decided it, why, and the certificates it put on hold. */
export interface SuspensionRecord {
  id: string;
  civilNumber: string;
  reason: string;
  suspendedBy: string;
  suspendedAt: Date;
  /** Serials this suspension put on hold (and only those): what its restore releases. */
  heldCertificates: string[];
  restoredBy?: string;
  restoredAt?: Date;
}

/** What one suspend or restore changed; `changed: false` when the identity was already in that state. */
export interface SuspensionChange {
  changed: boolean;
  suspension: SuspensionRecord;
}

/**
 * Where suspensions are decided (PostgreSQL: PostgresIdentitySupport). Each decision is taken under
 * the identity's row lock, so of any number of concurrent suspends exactly one suspends.
 */
export interface IdentitySupportStore {
  /** active → suspended with a new suspension; an identity already suspended gets its open one back. Undefined: no identity. */
  suspend(civilNumber: string, suspension: { reason: string; actor: string; at: Date }): Promise<SuspensionChange | undefined>;
  /**
   * Adds a serial to what the suspension holds, only while the suspension is open: false when it was
   * restored meanwhile (the caller then releases the certificate it has just held).
   */
  recordHold(suspensionId: string, serialHex: string): Promise<boolean>;
  /** suspended → active, the open suspension closed (its held serials read under the same lock). Undefined: no identity. */
  restore(civilNumber: string, restoration: { actor: string; at: Date }): Promise<{ changed: boolean; suspension?: SuspensionRecord } | undefined>;
  /** The person's suspensions, newest first. */
  suspensions(civilNumber: string, limit: number): Promise<SuspensionRecord[]>;
  /**
   * The PIN blocked for a reset (and the reason recorded), in one statement; `changed: false` when a
   * reset was required already. Undefined: no identity.
   */
  requirePinReset(civilNumber: string, at: Date): Promise<{ changed: boolean } | undefined>;
}

export type HolderCertificateStatus = 'good' | 'on-hold' | 'revoked';

/** A certificate of a person as the CA's ledger has it. */
export interface HolderCertificate {
  serialHex: string;
  issuer: string;
  profile: string;
  status: HolderCertificateStatus;
  notBefore: Date;
  notAfter: Date;
  revokedAt?: Date;
  /** RFC 5280 reason name (`certificateHold` for one on hold). */
  revocationReason?: string;
  /** The device whose key it certifies, where the adapter knows it (a signing key's device). */
  device?: string;
}

/**
 * The CA as the support desk needs it (the composition root fills it with the CA's ledger and
 * revocation service: certificateHold and its release, which OCSP and the CRL show at once).
 */
export interface HolderCertificates {
  /** The person's certificates, newest first (issued ones only: no reservation still pending). */
  of(civilNumber: string): Promise<HolderCertificate[]>;
  /** good → on hold; 'not-good' when it is not good any more (held or revoked meanwhile). */
  hold(serialHex: string, actor: string, comment: string): Promise<'held' | 'not-good'>;
  /** on hold → good; 'not-held' when it is not on hold (released before, or revoked for good meanwhile). */
  release(serialHex: string, actor: string, comment: string): Promise<'released' | 'not-held'>;
}

/**
 * The person's ways in that outlive a login: the gateway's grants (their codes and tokens) and the
 * portal's sessions. The composition root fills it; how many of each were ended.
 */
export interface PersonSessions {
  end(civilNumber: string, devices: readonly string[]): Promise<{ grants: number; sessions: number }>;
}
