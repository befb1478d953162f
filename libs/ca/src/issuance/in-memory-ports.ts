import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { CaError } from '../errors/ca-error';
import { HASH_OF, SIGNATURE_ALGORITHM_OF, type KeyAlgorithm, type KeyStore, type MacKey, type SigningKey } from '../keys/signing-key';
import type { CaEvent, CaEventSink, CertificateLedger, CertificateRecord, PendingCertificate, RevocationChange } from './certificate-ledger';
import type { AuthorityStore } from '../hierarchy/initialise-hierarchy';

/**
 * In-memory implementations of the CA's ports, for tests, benchmarks and tools that need no database.
 * Production uses the key stores of keys/ and the PostgreSQL implementations of @theqa/persistence.
 */
export class MemoryKeyStore implements KeyStore {
  readonly kind = 'software' as const;
  readonly keys = new Map<string, SigningKey>();

  async generateKey(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    if (this.keys.has(label)) throw new Error(`key ${label} exists`);
    const pair =
      algorithm === 'ec-p256' || algorithm === 'ec-p384'
        ? generateKeyPairSync('ec', { namedCurve: algorithm === 'ec-p256' ? 'P-256' : 'P-384' })
        : generateKeyPairSync('rsa', { modulusLength: algorithm === 'rsa-2048' ? 2048 : 3072 });
    const signatureAlgorithm = SIGNATURE_ALGORITHM_OF[algorithm];
    const key: SigningKey = {
      label,
      keyAlgorithm: algorithm,
      signatureAlgorithm,
      publicKeySpki: pair.publicKey.export({ type: 'spki', format: 'der' }),
      sign: async (data) => sign(HASH_OF[signatureAlgorithm], data, { key: pair.privateKey, dsaEncoding: 'der' }),
    };
    this.keys.set(label, key);
    return key;
  }

  async findKey(label: string) {
    return this.keys.get(label);
  }

  readonly #macSecrets = new Map<string, Buffer>();

  async macKey(label: string): Promise<MacKey> {
    let secret = this.#macSecrets.get(label);
    if (!secret) this.#macSecrets.set(label, (secret = randomBytes(32)));
    const key = secret;
    return { label, mac: async (data) => createHmac('sha256', key).update(data).digest() };
  }

  async close() {
    // Nothing to release: the keys live only in this object.
  }
}

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

