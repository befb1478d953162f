import type { DataSource } from 'typeorm';
import type { AuditRecord, AuditSearchFilter } from '@theqa/audit';

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

const COLUMNS = 'seq, occurred_at, action, actor, subject, details, prev_hash, hash';

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

/**
 * The audit log newest first, one statement per page, with only the conditions asked for (the planner
 * then takes the actor's, subject's or action's index, or the one by time), continued below a seq.
 */
export async function searchAuditLog(db: DataSource, filter: AuditSearchFilter): Promise<AuditRecord[]> {
  const { sql, parameters } = auditSearchStatement(filter);
  const rows: AuditRow[] = await db.query(sql, parameters);
  return rows.map(toRecord);
}

/** The statement and its parameters (exported for the EXPLAIN checks of the tests). */
export function auditSearchStatement(filter: AuditSearchFilter): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => `$${parameters.push(value)}`;
  if (filter.actor !== undefined) where.push(`actor = ${bind(filter.actor)}`);
  if (filter.action !== undefined) where.push(`action = ${bind(filter.action)}`);
  if (filter.subject !== undefined) where.push(`subject = ${bind(filter.subject)}`);
  if (filter.from) where.push(`occurred_at >= ${bind(filter.from.toISOString())}`);
  if (filter.to) where.push(`occurred_at < ${bind(filter.to.toISOString())}`);
  if (filter.beforeSeq !== undefined) where.push(`seq < ${bind(filter.beforeSeq)}`);
  const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${bind(filter.limit)}`;
  return { sql, parameters };
}

/**
 * The stretch of the chain written in [from, to): from the first entry written at or after `from` to
 * the last written before `to`, by seq. Instances' clocks differ a little, so an entry inside may carry
 * a time just outside: it belongs to the stretch too, which thus links end to end. Undefined: none.
 */
export async function auditChainStretch(db: DataSource, from: Date, to: Date): Promise<{ first: number; last: number } | undefined> {
  const [bounds] = await db.query(`SELECT min(seq) AS first, max(seq) AS last FROM audit_log WHERE occurred_at >= $1 AND occurred_at < $2`, [from.toISOString(), to.toISOString()]);
  return bounds.first === null ? undefined : { first: Number(bounds.first), last: Number(bounds.last) };
}

/** The entries from seq `first` to `last` (inclusive), in order, a page at a time. */
export async function* auditChainBetween(db: DataSource, stretch: { first: number; last: number }, pageSize = 5000): AsyncGenerator<AuditRecord> {
  let after = stretch.first - 1;
  while (after < stretch.last) {
    const rows: AuditRow[] = await db.query(`SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`, [after, stretch.last, pageSize]);
    if (!rows.length) return;
    for (const row of rows) yield toRecord(row);
    after = Number(rows[rows.length - 1].seq);
  }
}
