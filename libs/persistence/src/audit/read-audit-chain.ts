import type { DataSource, EntityManager } from 'typeorm';
import type { AuditRecord } from '@theqa/audit';

interface AuditRow {
  seq: string;
  occurred_at: Date;
  action: string;
  actor: string;
  subject: string;
  details: string;
  prev_hash: Buffer;
  hash: Buffer;
}

const toRecord = (row: AuditRow): AuditRecord => ({
  seq: Number(row.seq),
  occurredAt: new Date(row.occurred_at),
  action: row.action,
  actor: row.actor,
  subject: row.subject,
  details: row.details,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** The whole chain in order, a page at a time (keyset pagination: constant cost per page at any depth). */
export async function* readAuditChain(db: DataSource | EntityManager, pageSize = 5000): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const rows: AuditRow[] = await db.query(
      `SELECT seq, occurred_at, action, actor, subject, details, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, pageSize],
    );
    for (const row of rows) yield toRecord(row);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** The entries about one subject (a serial, a civil number), newest first: the activity history. */
export async function auditEntriesAbout(db: DataSource, subject: string, limit = 100): Promise<AuditRecord[]> {
  const rows: AuditRow[] = await db.query(
    `SELECT seq, occurred_at, action, actor, subject, details, prev_hash, hash FROM audit_log WHERE subject = $1 ORDER BY seq DESC LIMIT $2`,
    [subject, limit],
  );
  return rows.map(toRecord);
}
