/**
 * The CA's record of every certificate, implemented by the persistence library. A serial is reserved
 * (status `pending`) before its certificate is signed and completed after, so that a crash in between
 * never leaves a signed certificate the ledger does not know.
 */
export type CertificateStatus = 'pending' | 'good' | 'revoked' | 'on-hold';

export interface PendingCertificate {
  serialHex: string;
  issuer: string;
  profile: string;
  subject: string;
  civilNumber?: string;
  keyAlgorithm: string;
  spkiSha256: Buffer;
  notBefore: Date;
  notAfter: Date;
}

export interface CertificateRecord extends PendingCertificate {
  status: CertificateStatus;
  der?: Buffer;
  issuedAt?: Date;
  revokedAt?: Date;
  revocationReason?: number;
  invalidityDate?: Date;
}

export interface RevocationChange {
  serialHex: string;
  /** from → to; the ledger applies it only if the record is still in `from` (no lost updates). */
  from: CertificateStatus[];
  to: 'revoked' | 'on-hold' | 'good';
  revokedAt?: Date;
  reason?: number;
  invalidityDate?: Date;
  actor: string;
  comment?: string;
}

export interface CertificateLedger {
  /** Inserts the pending record; throws CaError('serial-collision') if the serial exists. */
  reserve(certificate: PendingCertificate): Promise<void>;
  /** Stores the signed certificate and marks it good. */
  complete(serialHex: string, der: Buffer, issuedAt: Date): Promise<void>;
  find(serialHex: string): Promise<CertificateRecord | undefined>;
  /** Applies a status change atomically; returns the updated record, or undefined if it was not in `from`. */
  changeStatus(change: RevocationChange): Promise<CertificateRecord | undefined>;
}

/** What the CA reports to the audit log. The app adapts it to the platform's hash-chained log. */
export interface CaEvent {
  action: string;
  actor: string;
  subject: string;
  details: Record<string, unknown>;
  /** The holder, when the certificate is a person's: the event is also theirs (their activity history). */
  civilNumber?: string;
}

export interface CaEventSink {
  record(event: CaEvent): Promise<void>;
}
