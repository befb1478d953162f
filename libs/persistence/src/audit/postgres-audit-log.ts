import type { DataSource } from 'typeorm';
import { canonicalEvent, linkCanonicalEvents, type AuditEvent, type AuditLog, type AuditRecord, type CanonicalEvent } from '@theqa/audit';
import { PreparedStatement } from '../prepared-statement';

interface Waiting {
  event: CanonicalEvent;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * The audit chain on PostgreSQL. Appends are group-committed: events that arrive while a write is in
 * flight are linked and inserted together in the next transaction, so throughput does not stop at one
 * round trip per event. The head row lock serialises appenders across instances.
 *
 * A batch is linked to the head this log last wrote and goes out as one statement that moves the head
 * only if it is still that head (one round trip instead of five: begin, lock, insert, update, commit).
 * When another appender (another instance, another log in this process) moved it meanwhile, nothing is
 * written and the batch takes the locked path, which reads the head under its row lock.
 */
export class PostgresAuditLog implements AuditLog {
  private readonly queue: Waiting[] = [];
  private draining?: Promise<void>;
  /** The chain head as this log last committed or read it under lock; unknown after any failure. */
  private head?: { seq: number; hash: Buffer };

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { maxBatch?: number; clock?: () => Date } = {},
  ) {}

  append(event: AuditEvent): Promise<AuditRecord> {
    // Refuse a bad event in its producer's call, not in a batch that would fail others; the canonical
    // text made here is the one linked and stored.
    const canonical = canonicalEvent(event);
    return new Promise((resolve, reject) => {
      this.queue.push({ event: canonical, resolve, reject });
      // drain() cannot finish in this turn (the queue is not empty and writing awaits), so the promise is
      // stored before drain clears it.
      if (!this.draining) this.draining = this.drain();
    });
  }

  /** Resolves once everything appended so far is committed. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, maxBatch);
        try {
          const records = await this.write(batch.map((w) => w.event));
          batch.forEach((waiting, i) => waiting.resolve(records[i]));
        } catch (error) {
          batch.forEach((waiting) => waiting.reject(error));
        }
      }
    } finally {
      // Cleared in the very turn the queue was last seen empty. Clearing it a turn later (a .finally()
      // on the promise) left a gap: a caller resumed by the last batch could append, find a drain still
      // marked running, and wait until some later append started the next one.
      this.draining = undefined;
    }
  }

  private async write(events: CanonicalEvent[]): Promise<AuditRecord[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    try {
      const known = this.head;
      this.head = undefined;
      if (known) {
        const records = linkCanonicalEvents(known, events, now);
        if (await this.appendAfter(known, records)) return this.advanced(records);
      }
      return this.advanced(await this.appendLocked(events, now));
    } catch (error) {
      this.head = undefined;
      throw error;
    }
  }

  private advanced(records: AuditRecord[]): AuditRecord[] {
    const last = records[records.length - 1];
    this.head = { seq: last.seq, hash: last.hash };
    return records;
  }

  /** One statement: the head moves from `known` to the last record and the records are inserted, or neither happens. */
  private async appendAfter(known: { seq: number; hash: Buffer }, records: AuditRecord[]): Promise<boolean> {
    const [{ inserted }] = await APPEND_AFTER_HEAD.run(this.dataSource, [
      // seq … details as the locked path sends them; the hashes differently:
      ...columns(records).slice(0, 6),
      // Each record's prev_hash is the hash before it: the known head's hash and every new hash, end to end.
      Buffer.concat([known.hash, ...records.map((r) => r.hash)]),
      records[records.length - 1].seq,
      records.length,
      known.seq,
    ]);
    if (inserted !== 0 && inserted !== records.length) throw new Error(`audit append wrote ${inserted} of ${records.length} entries`);
    return inserted === records.length;
  }

  /** The head read under its row lock, then the records and the new head, in one transaction. */
  private appendLocked(events: CanonicalEvent[], now: Date): Promise<AuditRecord[]> {
    return this.dataSource.transaction(async (tx) => {
      const [head] = await tx.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
      const records = linkCanonicalEvents({ seq: Number(head.seq), hash: head.hash }, events, now);
      await tx.query(
        `INSERT INTO audit_log (seq, occurred_at, action, actor, subject, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::bytea[])`,
        columns(records),
      );
      const last = records[records.length - 1];
      await tx.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [last.seq, last.hash]);
      return records;
    });
  }
}

const HASH_BYTES = 32;

/**
 * $7 holds the head's hash and then each record's (SHA-256, 32 bytes each): record n (from 1) links
 * slice n - 1 to slice n, and the head moves to the last slice only if it still is the first.
 */
const APPEND_AFTER_HEAD = new PreparedStatement<{ inserted: number }>(
  'audit_append_after_head',
  `WITH head AS (
     UPDATE audit_chain_head SET seq = $8, hash = substring($7::bytea FROM $9::int * ${HASH_BYTES} + 1 FOR ${HASH_BYTES})
      WHERE id = 1 AND seq = $10 AND hash = substring($7::bytea FROM 1 FOR ${HASH_BYTES})
     RETURNING 1
   ), appended AS (
     INSERT INTO audit_log (seq, occurred_at, action, actor, subject, details, prev_hash, hash)
     SELECT s, o, a, ac, su, d, substring($7::bytea FROM (n::int - 1) * ${HASH_BYTES} + 1 FOR ${HASH_BYTES}), substring($7::bytea FROM n::int * ${HASH_BYTES} + 1 FOR ${HASH_BYTES})
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS v(s, o, a, ac, su, d, n)
      WHERE EXISTS (SELECT 1 FROM head)
     RETURNING 1
   )
   SELECT count(*)::int AS inserted FROM appended`,
);

/** The records as the column arrays the locked path's insert takes. */
function columns(records: AuditRecord[]): unknown[] {
  return [
    records.map((r) => r.seq),
    records.map((r) => r.occurredAt.toISOString()),
    records.map((r) => r.action),
    records.map((r) => r.actor),
    records.map((r) => r.subject),
    records.map((r) => r.details),
    records.map((r) => r.prevHash),
    records.map((r) => r.hash),
  ];
}
