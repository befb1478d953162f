import { CaError } from '../errors/ca-error';
import type { CaEvent, CaEventSink, CertificateLedger, CertificateRecord, PendingCertificate, RevocationChange } from '../issuance/certificate-ledger';
import type { AuthorityStore } from '../hierarchy/initialise-hierarchy';

/**
 * In-memory implementations of the CA's storage and audit ports, for tests and benchmarks that need no
 * database. Production uses the PostgreSQL implementations of @theqa/persistence.
 */
export class MemoryLedger implements CertificateLedger {
  readonly records = new Map<string, CertificateRecord>();

  async reserve(certificate: PendingCertificate) {
    if (this.records.has(certificate.serialHex)) throw new CaError('serial-collision', 'serial exists');
    // Every field present from the start, written out: records keep one shape (fast property access),
    // and an object literal costs a fraction of a spread copy.
    const { serialHex, issuer, profile, subject, civilNumber, keyAlgorithm, spkiSha256, notBefore, notAfter } = certificate;
    this.records.set(serialHex, { serialHex, issuer, profile, subject, civilNumber, keyAlgorithm, spkiSha256, notBefore, notAfter, status: 'pending', der: undefined, issuedAt: undefined });
  }

  async complete(serialHex: string, der: Buffer, issuedAt: Date) {
    const record = this.records.get(serialHex);
    if (!record || record.status !== 'pending') throw new Error(`no pending ${serialHex}`);
    record.der = der;
    record.issuedAt = issuedAt;
    record.status = 'good';
  }

  async find(serialHex: string) {
    return this.records.get(serialHex);
  }

  async changeStatus(change: RevocationChange) {
    const record = this.records.get(change.serialHex);
    if (!record || !change.from.includes(record.status)) return undefined;
    Object.assign(record, { status: change.to, revokedAt: change.revokedAt, revocationReason: change.reason, invalidityDate: change.invalidityDate });
    return record;
  }
}

export class MemoryEvents implements CaEventSink {
  readonly events: CaEvent[] = [];
  async record(event: CaEvent) {
    this.events.push(event);
  }
}

export class MemoryAuthorityStore implements AuthorityStore {
  readonly saved = new Map<string, { certificateDer: Buffer; keyLabel: string }>();
  async load(name: string) {
    return this.saved.get(name);
  }
  async save(name: string, certificateDer: Buffer, keyLabel: string) {
    this.saved.set(name, { certificateDer, keyLabel });
  }
}

