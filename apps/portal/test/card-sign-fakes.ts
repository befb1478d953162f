import type { CardSignature, CardSignatureStore, PreparedCardSignature } from '@theqa/signing';

/** Signatures with the ID card in memory, for the portal's route tests (the real store is PostgreSQL's). */
export class MemoryCardSignatureStore implements CardSignatureStore {
  readonly rows = new Map<string, { signature: CardSignature; pdf: Buffer; prepared?: PreparedCardSignature; signed?: Buffer }>();

  async create(signature: CardSignature, pdf: Buffer): Promise<void> {
    this.rows.set(signature.id, { signature: { ...signature }, pdf });
  }
  private own(civilNumber: string, id: string) {
    const row = this.rows.get(id);
    return row && row.signature.civilNumber === civilNumber ? row : undefined;
  }
  async find(civilNumber: string, id: string) {
    const row = this.own(civilNumber, id);
    return row && { ...row.signature };
  }
  async ofPerson(civilNumber: string, limit: number) {
    return [...this.rows.values()].filter((r) => r.signature.civilNumber === civilNumber).map((r) => ({ ...r.signature })).reverse().slice(0, limit);
  }
  async document(civilNumber: string, id: string) {
    return this.own(civilNumber, id)?.pdf;
  }
  async prepare(civilNumber: string, id: string, prepared: PreparedCardSignature, now: Date) {
    const row = this.own(civilNumber, id);
    if (!row || !['uploaded', 'prepared'].includes(row.signature.status) || row.signature.expiresAt <= now) return false;
    Object.assign(row, { prepared });
    row.signature.status = 'prepared';
    row.signature.certificateSerial = prepared.certificateSerial;
    return true;
  }
  async take(civilNumber: string, id: string, now: Date) {
    const row = this.own(civilNumber, id);
    if (!row?.prepared || row.signature.status !== 'prepared' || row.signature.expiresAt <= now) return undefined;
    row.signature.status = 'completing';
    return { signature: { ...row.signature }, prepared: row.prepared, pdf: row.pdf };
  }
  async complete(id: string, signed: { pdf: Buffer; sha256: string }, now: Date) {
    const row = this.rows.get(id)!;
    Object.assign(row.signature, { status: 'signed', signedSha256: signed.sha256, completedAt: now });
    row.signed = signed.pdf;
  }
  async fail(id: string, failure: string, now: Date) {
    Object.assign(this.rows.get(id)!.signature, { status: 'failed', failure, completedAt: now });
  }
  async signedDocument(civilNumber: string, id: string) {
    const row = this.own(civilNumber, id);
    return row?.signature.status === 'signed' ? row.signed : undefined;
  }
}
