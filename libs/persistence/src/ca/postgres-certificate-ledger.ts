import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit } from '../group-commit';
import { PreparedStatement } from '../prepared-statement';
import { CaError, type CertificateLedger, type CertificateRecord, type CertificateStatus, type PendingCertificate, type RevocationChange } from '@theqa/ca';

interface CertificateRow {
  serial_hex: string;
  issuer: string;
  profile: string;
  subject: string;
  civil_number: string | null;
  key_algorithm: string;
  spki_sha256: Buffer;
  status: CertificateStatus;
  not_before: Date;
  not_after: Date;
  der: Buffer | null;
  issued_at: Date | null;
  revoked_at: Date | null;
  revocation_reason: number | null;
  invalidity_date: Date | null;
}

const COLUMNS = `serial_hex, issuer, profile, subject, civil_number, key_algorithm, spki_sha256, status, not_before, not_after, der, issued_at, revoked_at, revocation_reason, invalidity_date`;

function toRecord(row: CertificateRow): CertificateRecord {
  return {
    serialHex: row.serial_hex,
    issuer: row.issuer,
    profile: row.profile,
    subject: row.subject,
    civilNumber: row.civil_number ?? undefined,
    keyAlgorithm: row.key_algorithm,
    spkiSha256: row.spki_sha256,
    status: row.status,
    notBefore: new Date(row.not_before),
    notAfter: new Date(row.not_after),
    der: row.der ?? undefined,
    issuedAt: row.issued_at ? new Date(row.issued_at) : undefined,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : undefined,
    revocationReason: row.revocation_reason ?? undefined,
    invalidityDate: row.invalidity_date ? new Date(row.invalidity_date) : undefined,
  };
}

export interface RevokedEntryRow {
  serialHex: string;
  revokedAt: Date;
  reason: number | null;
  invalidityDate: Date | null;
}

/** The CA's ledger in `ca_certificate`: serial uniqueness is the primary key's, not the application's. */
export class PostgresCertificateLedger implements CertificateLedger {
  constructor(private readonly dataSource: DataSource) {}

  // Concurrent issuances share one INSERT and one UPDATE (see GroupCommit): each certificate still
  // waits for its own row to be committed, so "reserved before signed" holds per certificate.
  private readonly reservations = new GroupCommit<PendingCertificate, void>((batch) => this.reserveBatch(batch));
  private readonly completions = new GroupCommit<Completion, void>((batch) => this.completeBatch(batch));

  /** Resolves once the pending row is committed; a serial already taken is CaError('serial-collision'). */
  reserve(c: PendingCertificate): Promise<void> {
    return this.reservations.submit(c);
  }

  complete(serialHex: string, der: Buffer, issuedAt: Date): Promise<void> {
    return this.completions.submit({ serialHex, der, issuedAt });
  }

  async find(serialHex: string): Promise<CertificateRecord | undefined> {
    const rows: CertificateRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM ca_certificate WHERE serial_hex = $1`, [serialHex]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async changeStatus(change: RevocationChange): Promise<CertificateRecord | undefined> {
    const toGood = change.to === 'good';
    // One statement: the change, the end of its pre-signed OCSP answers, and the epoch bump that tells
    // every instance to drop what it holds in memory. No instance can serve the old status after commit.
    const rows: CertificateRow[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE ca_certificate
            SET status = $2, revoked_at = $3, revocation_reason = $4, invalidity_date = $5, status_changed_at = now()
          WHERE serial_hex = $1 AND status = ANY($6::text[])
          RETURNING ${COLUMNS}
       ), dropped AS (
         DELETE FROM ca_ocsp_response WHERE serial_hex IN (SELECT serial_hex FROM changed)
       ), bumped AS (
         UPDATE ca_status_epoch SET epoch = epoch + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM changed)
       )
       SELECT * FROM changed`,
      [
        change.serialHex,
        change.to,
        toGood ? null : (change.revokedAt ?? new Date()).toISOString(),
        toGood ? null : (change.reason ?? null),
        toGood || !change.invalidityDate ? null : change.invalidityDate.toISOString(),
        change.from,
      ],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Certificates an issuer has revoked or put on hold and that have not expired: the CRL's entries, in serial order, a page at a time. */
  async *revokedEntries(issuer: string, now: Date, options: { pageSize?: number; db?: EntityManager } = {}): AsyncGenerator<RevokedEntryRow> {
    const pageSize = options.pageSize ?? 50_000;
    const db = options.db ?? this.dataSource;
    let after = '';
    for (;;) {
      const rows: Array<{ serial_hex: string; revoked_at: Date; revocation_reason: number | null; invalidity_date: Date | null }> = await db.query(
        `SELECT serial_hex, revoked_at, revocation_reason, invalidity_date FROM ca_certificate
          WHERE issuer = $1 AND status IN ('revoked', 'on-hold') AND not_after > $2 AND serial_hex > $3
          ORDER BY serial_hex LIMIT $4`,
        [issuer, now.toISOString(), after, pageSize],
      );
      for (const row of rows) {
        yield { serialHex: row.serial_hex, revokedAt: new Date(row.revoked_at), reason: row.revocation_reason, invalidityDate: row.invalidity_date ? new Date(row.invalidity_date) : null };
      }
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].serial_hex;
    }
  }

  /**
   * Reservations older than `olderThan` whose signing never completed (the process died in between).
   * Their certificates were never delivered, but may have been signed: they are revoked, so that even
   * a copy that somehow escaped is worthless.
   */
  async revokeAbandonedReservations(olderThan: Date, issuer?: string): Promise<string[]> {
    const rows: Array<{ serial_hex: string }> = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE ca_certificate SET status = 'revoked', revoked_at = now(), revocation_reason = 5, status_changed_at = now()
          WHERE status = 'pending' AND reserved_at < $1 AND ($2::text IS NULL OR issuer = $2) RETURNING serial_hex
       ), bumped AS (
         UPDATE ca_status_epoch SET epoch = epoch + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM revoked)
       )
       SELECT serial_hex FROM revoked`,
      [olderThan.toISOString(), issuer ?? null],
    );
    return rows.map((r) => r.serial_hex);
  }

  /** The status epoch: it changes whenever any certificate's status does. */
  async statusEpoch(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT epoch FROM ca_status_epoch WHERE id = 1`);
    return Number(row.epoch);
  }

  async list(filter: { civilNumber?: string; issuer?: string; limit?: number } = {}): Promise<CertificateRecord[]> {
    const rows: CertificateRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ca_certificate
        WHERE ($1::text IS NULL OR civil_number = $1) AND ($2::text IS NULL OR issuer = $2)
        ORDER BY reserved_at DESC LIMIT $3`,
      [filter.civilNumber ?? null, filter.issuer ?? null, filter.limit ?? 100],
    );
    return rows.map(toRecord);
  }

  private async reserveBatch(batch: PendingCertificate[]): Promise<Array<void | Error>> {
    let inserted: Array<{ serial_hex: string }>;
    try {
      const hashes = packedBytes(batch.map((c) => c.spkiSha256));
      inserted = await RESERVE.run(this.dataSource, [
        batch.map((c) => c.serialHex),
        batch.map((c) => c.issuer),
        batch.map((c) => c.profile),
        batch.map((c) => c.subject),
        batch.map((c) => c.civilNumber ?? null),
        batch.map((c) => c.keyAlgorithm),
        hashes.bytes,
        hashes.starts,
        hashes.lengths,
        batch.map((c) => c.notBefore.toISOString()),
        batch.map((c) => c.notAfter.toISOString()),
      ]);
    } catch (error) {
      // A row the table refuses (a CHECK) fails the statement: alone, each row gets its own answer.
      if (batch.length === 1) return [error as Error];
      return Promise.all(batch.map((c) => this.reserveBatch([c]).then(([outcome]) => outcome)));
    }
    const won = new Set(inserted.map((r) => r.serial_hex));
    // The first of a batch's duplicates took the row; the database already had the serial if none did.
    return batch.map((c) => (won.delete(c.serialHex) ? undefined : new CaError('serial-collision', `serial ${c.serialHex} is already taken`)));
  }

  private async completeBatch(batch: Completion[]): Promise<Array<void | Error>> {
    const ders = packedBytes(batch.map((c) => c.der));
    const rows = await COMPLETE.run(this.dataSource, [batch.map((c) => c.serialHex), ders.bytes, ders.starts, ders.lengths, batch.map((c) => c.issuedAt.toISOString())]);
    const done = new Set(rows.map((r) => r.serial_hex));
    return batch.map((c) => (done.delete(c.serialHex) ? undefined : new Error(`certificate ${c.serialHex} was not pending`)));
  }
}

/**
 * A batch's binary values as one bytea, end to end, with where each starts (1-based, as substring
 * counts) and its length. A bytea[] parameter would travel as hex text, written out by the client and
 * parsed back by the server; one bytea goes in binary and each row takes its slice.
 */
function packedBytes(values: Buffer[]): { bytes: Buffer; starts: number[]; lengths: number[] } {
  const starts: number[] = [];
  const lengths: number[] = [];
  let at = 1;
  for (const value of values) {
    starts.push(at);
    lengths.push(value.length);
    at += value.length;
  }
  return { bytes: Buffer.concat(values), starts, lengths };
}

// ON CONFLICT DO NOTHING: a taken serial skips its row instead of aborting everyone else's.
const RESERVE = new PreparedStatement<{ serial_hex: string }>(
  'ledger_reserve',
  `INSERT INTO ca_certificate (serial_hex, issuer, profile, subject, civil_number, key_algorithm, spki_sha256, status, not_before, not_after)
   SELECT s, i, p, su, cn, k, substring($7::bytea FROM hs FOR hl), 'pending', nb, na
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::int[], $9::int[], $10::timestamptz[], $11::timestamptz[])
       AS v(s, i, p, su, cn, k, hs, hl, nb, na)
   ON CONFLICT (serial_hex) DO NOTHING
   RETURNING serial_hex`,
);

const COMPLETE = new PreparedStatement<{ serial_hex: string }>(
  'ledger_complete',
  `UPDATE ca_certificate c SET der = substring($2::bytea FROM v.ds FOR v.dl), status = 'good', issued_at = v.issued_at, status_changed_at = now()
     FROM unnest($1::text[], $3::int[], $4::int[], $5::timestamptz[]) AS v(serial_hex, ds, dl, issued_at)
    WHERE c.serial_hex = v.serial_hex AND c.status = 'pending'
    RETURNING c.serial_hex`,
);

interface Completion {
  serialHex: string;
  der: Buffer;
  issuedAt: Date;
}
