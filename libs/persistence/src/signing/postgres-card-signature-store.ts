import type { DataSource } from 'typeorm';
import type { PreparedSignature } from '@theqa/pades';
import type { CardSignature, CardSignatureStatus, CardSignatureStore, PreparedCardSignature } from '@theqa/signing';

interface Row {
  id: string;
  civil_number: string;
  status: CardSignatureStatus;
  document_name_ar: string;
  document_name_en: string;
  document_sha256: string;
  document_pages: number;
  document_bytes: number;
  reason: string | null;
  certificate_serial: string | null;
  created_at: Date;
  expires_at: Date;
  completed_at: Date | null;
  signed_sha256: string | null;
  failure: string | null;
}

/** Every column but the files and the prepared state. */
const SUMMARY = `id, civil_number, status, document_name_ar, document_name_en, document_sha256, document_pages, document_bytes, reason,
  certificate_serial, created_at, expires_at, completed_at, signed_sha256, failure`;

const fromRow = (r: Row): CardSignature => ({
  id: r.id,
  civilNumber: r.civil_number,
  status: r.status,
  document: { name: { ar: r.document_name_ar, en: r.document_name_en }, sha256: r.document_sha256, pages: Number(r.document_pages), bytes: Number(r.document_bytes) },
  reason: r.reason ?? undefined,
  certificateSerial: r.certificate_serial ?? undefined,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  completedAt: r.completed_at ? new Date(r.completed_at) : undefined,
  signedSha256: r.signed_sha256 ?? undefined,
  failure: r.failure ?? undefined,
});

/** pg answers an UPDATE … RETURNING with [rows, count]; PGlite with the rows. */
const returned = <T>(result: unknown): T[] => (Array.isArray((result as unknown[])[0]) ? (result as T[][])[0] : (result as T[]));

/** Signatures with the ID card (`card_signature`): each change of status one conditional UPDATE. */
export class PostgresCardSignatureStore implements CardSignatureStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(s: CardSignature, pdf: Buffer): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO card_signature (id, civil_number, status, document_name_ar, document_name_en, document_sha256, document_pages, document_bytes, reason, pdf, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [s.id, s.civilNumber, s.status, s.document.name.ar, s.document.name.en, s.document.sha256, s.document.pages, s.document.bytes, s.reason ?? null, pdf, s.createdAt, s.expiresAt],
    );
  }

  async find(civilNumber: string, id: string): Promise<CardSignature | undefined> {
    const [row]: Row[] = await this.dataSource.query(`SELECT ${SUMMARY} FROM card_signature WHERE id = $1 AND civil_number = $2`, [id, civilNumber]);
    return row && fromRow(row);
  }

  async ofPerson(civilNumber: string, limit: number): Promise<CardSignature[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${SUMMARY} FROM card_signature WHERE civil_number = $1 ORDER BY created_at DESC LIMIT $2`, [civilNumber, limit]);
    return rows.map(fromRow);
  }

  async document(civilNumber: string, id: string): Promise<Buffer | undefined> {
    const [row]: Array<{ pdf: Buffer }> = await this.dataSource.query(`SELECT pdf FROM card_signature WHERE id = $1 AND civil_number = $2`, [id, civilNumber]);
    return row?.pdf;
  }

  async prepare(civilNumber: string, id: string, prepared: PreparedCardSignature, now: Date): Promise<boolean> {
    const rows = returned<{ id: string }>(
      await this.dataSource.query(
        `UPDATE card_signature SET status = 'prepared', certificate = $3, certificate_serial = $4, prepared = $5, digest = $6
          WHERE id = $1 AND civil_number = $2 AND status IN ('uploaded', 'prepared') AND expires_at > $7 RETURNING id`,
        [id, civilNumber, prepared.certificate, prepared.certificateSerial, JSON.stringify(prepared.state), prepared.digest, now],
      ),
    );
    return rows.length === 1;
  }

  async take(civilNumber: string, id: string, now: Date): Promise<{ signature: CardSignature; prepared: PreparedCardSignature; pdf: Buffer } | undefined> {
    const [row] = returned<Row & { pdf: Buffer; certificate: Buffer; prepared: PreparedSignature | string; digest: Buffer }>(
      await this.dataSource.query(
        `UPDATE card_signature SET status = 'completing' WHERE id = $1 AND civil_number = $2 AND status = 'prepared' AND expires_at > $3
          RETURNING ${SUMMARY}, pdf, certificate, prepared, digest`,
        [id, civilNumber, now],
      ),
    );
    if (!row) return undefined;
    const state = typeof row.prepared === 'string' ? (JSON.parse(row.prepared) as PreparedSignature) : row.prepared;
    return { signature: fromRow(row), pdf: row.pdf, prepared: { certificate: row.certificate, certificateSerial: row.certificate_serial ?? '', state, digest: row.digest } };
  }

  async complete(id: string, signed: { pdf: Buffer; sha256: string }, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE card_signature SET status = 'signed', signed_pdf = $2, signed_sha256 = $3, completed_at = $4 WHERE id = $1 AND status = 'completing'`, [id, signed.pdf, signed.sha256, now]);
  }

  async fail(id: string, failure: string, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE card_signature SET status = 'failed', failure = $2, completed_at = $3 WHERE id = $1 AND status = 'completing'`, [id, failure.slice(0, 500), now]);
  }

  async signedDocument(civilNumber: string, id: string): Promise<Buffer | undefined> {
    const [row]: Array<{ signed_pdf: Buffer | null }> = await this.dataSource.query(`SELECT signed_pdf FROM card_signature WHERE id = $1 AND civil_number = $2 AND status = 'signed'`, [id, civilNumber]);
    return row?.signed_pdf ?? undefined;
  }
}
