import type { DataSource } from 'typeorm';
import type { PadesLevel, PreparedSignature } from '@theqa/pades';
import type { SigningRequest, SigningRequestDocument, SigningRequestStore, SigningStatus } from '@theqa/signing';

interface Row {
  id: string;
  relying_party: string;
  civil_number: string;
  device: string;
  status: SigningStatus;
  document_name_ar: string;
  document_name_en: string;
  document_sha256: string;
  document_pages: number;
  document_bytes: number;
  reason: string | null;
  level: PadesLevel;
  code: string;
  challenge: string;
  webhook_url: string | null;
  created_at: Date;
  expires_at: Date;
  completed_at: Date | null;
  signed_sha256: string | null;
  failure: string | null;
}

/** Every column but the documents: what a status read costs is independent of the file's size. */
const SUMMARY = `id, relying_party, civil_number, device, status, document_name_ar, document_name_en, document_sha256, document_pages,
  document_bytes, reason, level, code, challenge, webhook_url, created_at, expires_at, completed_at, signed_sha256, failure`;

const fromRow = (r: Row): SigningRequest => ({
  id: r.id,
  relyingParty: r.relying_party,
  civilNumber: r.civil_number,
  device: r.device,
  status: r.status,
  document: { name: { ar: r.document_name_ar, en: r.document_name_en }, sha256: r.document_sha256, pages: Number(r.document_pages), bytes: Number(r.document_bytes) },
  reason: r.reason ?? undefined,
  level: r.level,
  code: r.code,
  challenge: r.challenge,
  webhookUrl: r.webhook_url ?? undefined,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  completedAt: r.completed_at ? new Date(r.completed_at) : undefined,
  signedSha256: r.signed_sha256 ?? undefined,
  failure: r.failure ?? undefined,
});

/** pg answers an UPDATE … RETURNING with [rows, count]; PGlite with the rows. */
const returned = <T>(result: unknown): T[] => (Array.isArray((result as unknown[])[0]) ? (result as T[][])[0] : (result as T[]));

/**
 * Signing requests (`signing_request`). Every change of status is one conditional UPDATE, so that of
 * concurrent answers, expiries and failures exactly one takes effect.
 */
export class PostgresSigningRequestStore implements SigningRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(r: SigningRequest, document: SigningRequestDocument): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO signing_request (id, relying_party, civil_number, device, status, document_name_ar, document_name_en, document_sha256,
         document_pages, document_bytes, reason, level, code, input_pdf, prepared, challenge, webhook_url, created_at, expires_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        r.id, r.relyingParty, r.civilNumber, r.device, r.document.name.ar, r.document.name.en, r.document.sha256, r.document.pages, r.document.bytes,
        r.reason ?? null, r.level, r.code, document.pdf, JSON.stringify(document.prepared), r.challenge, r.webhookUrl ?? null, r.createdAt, r.expiresAt,
      ],
    );
  }

  async find(id: string): Promise<SigningRequest | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT ${SUMMARY} FROM signing_request WHERE id = $1`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async documentOf(id: string): Promise<SigningRequestDocument | undefined> {
    const rows: { input_pdf: Buffer; prepared: PreparedSignature | string }[] = await this.dataSource.query(`SELECT input_pdf, prepared FROM signing_request WHERE id = $1`, [id]);
    if (!rows[0]) return undefined;
    const prepared = typeof rows[0].prepared === 'string' ? (JSON.parse(rows[0].prepared) as PreparedSignature) : rows[0].prepared;
    return { pdf: Buffer.from(rows[0].input_pdf), prepared };
  }

  async take(id: string, now: Date): Promise<SigningRequest | SigningStatus | 'unknown'> {
    const taken = returned<Row>(
      await this.dataSource.query(`UPDATE signing_request SET status = 'completing' WHERE id = $1 AND status = 'pending' AND expires_at > $2 RETURNING ${SUMMARY}`, [id, now]),
    );
    if (taken[0]) return fromRow(taken[0]);
    const found = await this.find(id);
    if (!found) return 'unknown';
    return found.status === 'pending' ? 'expired' : found.status;
  }

  async replaceChallenge(id: string, from: string, to: string): Promise<boolean> {
    const replaced = returned<{ id: string }>(
      await this.dataSource.query(`UPDATE signing_request SET challenge = $3 WHERE id = $1 AND challenge = $2 AND status = 'pending' RETURNING id`, [id, from, to]),
    );
    return replaced.length === 1;
  }

  async complete(id: string, signed: { pdf: Buffer; sha256: string }, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE signing_request SET status = 'signed', signed_pdf = $2, signed_sha256 = $3, completed_at = $4::timestamptz,
         webhook_due_at = CASE WHEN webhook_url IS NULL THEN NULL ELSE $4::timestamptz END
       WHERE id = $1 AND status = 'completing'`,
      [id, signed.pdf, signed.sha256, now],
    );
  }

  async end(id: string, status: 'declined' | 'failed', failure: string, now: Date): Promise<boolean> {
    const ended = returned<{ id: string }>(
      await this.dataSource.query(
        `UPDATE signing_request SET status = $2, failure = $3, completed_at = $4::timestamptz,
           webhook_due_at = CASE WHEN webhook_url IS NULL THEN NULL ELSE $4::timestamptz END
         WHERE id = $1 AND status IN ('pending', 'completing') RETURNING id`,
        [id, status, failure, now],
      ),
    );
    return ended.length === 1;
  }

  async signedDocument(id: string): Promise<Buffer | undefined> {
    const rows: { signed_pdf: Buffer | null }[] = await this.dataSource.query(`SELECT signed_pdf FROM signing_request WHERE id = $1 AND status = 'signed'`, [id]);
    return rows[0]?.signed_pdf ? Buffer.from(rows[0].signed_pdf) : undefined;
  }

  async expireLapsed(now: Date): Promise<SigningRequest[]> {
    const rows = returned<Row>(
      await this.dataSource.query(
        `UPDATE signing_request SET status = 'expired', completed_at = expires_at,
           webhook_due_at = CASE WHEN webhook_url IS NULL THEN NULL ELSE $1::timestamptz END
         WHERE status = 'pending' AND expires_at <= $1 RETURNING ${SUMMARY}`,
        [now],
      ),
    );
    return rows.map(fromRow);
  }

  async deliverDueWebhooks(now: Date, limit: number, deliver: (request: SigningRequest) => Promise<boolean>, retryAt: (attempts: number) => Date | undefined): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < limit; i++) {
      // Leased, not locked across the call: one statement moves the due time a minute on, so another
      // instance (or this one's next round) does not send it at the same time, and no transaction
      // stays open while the relying party's endpoint answers. A crash mid-call retries after the lease.
      const leased = returned<Row & { webhook_attempts: number }>(
        await this.dataSource.query(
          `UPDATE signing_request SET webhook_due_at = $1::timestamptz + interval '1 minute'
           WHERE id = (SELECT id FROM signing_request WHERE webhook_due_at <= $1 ORDER BY webhook_due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING ${SUMMARY}, webhook_attempts`,
          [now],
        ),
      )[0];
      if (!leased) break;
      const ok = await deliver(fromRow(leased)).catch(() => false);
      const attempts = Number(leased.webhook_attempts) + 1;
      await this.dataSource.query(`UPDATE signing_request SET webhook_attempts = $2, webhook_due_at = $3, webhook_delivered_at = $4 WHERE id = $1`, [
        leased.id,
        attempts,
        ok ? null : (retryAt(attempts) ?? null),
        ok ? new Date() : null,
      ]);
      if (ok) delivered++;
    }
    return delivered;
  }

  async pendingForDevice(device: string, now: Date): Promise<Array<{ request: SigningRequest; challenge: string }>> {
    const rows: (Row & { payload: string })[] = await this.dataSource.query(
      `SELECT ${SUMMARY.replace(/(\w+)/g, 's.$1')}, c.payload FROM signing_request s JOIN device_challenge c ON c.id = s.challenge
       WHERE s.device = $1 AND s.status = 'pending' AND s.expires_at > $2 AND c.answered_at IS NULL ORDER BY s.created_at DESC LIMIT 50`,
      [device, now],
    );
    return rows.map((row) => ({ request: fromRow(row), challenge: row.payload }));
  }

  async ofPerson(civilNumber: string, statuses: readonly SigningStatus[], limit: number, relyingParty?: string): Promise<SigningRequest[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT ${SUMMARY} FROM signing_request WHERE civil_number = $1 AND status = ANY($2) AND ($4::text IS NULL OR relying_party = $4)
       ORDER BY created_at DESC LIMIT $3`,
      [civilNumber, statuses, limit, relyingParty ?? null],
    );
    return rows.map(fromRow);
  }
}
