import type { DataSource } from 'typeorm';
import { canonicalJson, linkEvents, validateEvent, type AuditEvent, type AuditLog, type AuditRecord } from '@theqa/audit';

interface Waiting {
  event: AuditEvent;
  resolve: (record: AuditRecord) => void;
  reject: (error: unknown) => void;
}

/**
 * The audit chain on PostgreSQL. Appends are group-committed: events that arrive while a write is in
 * flight are linked and inserted together in the next transaction, so throughput does not stop at one
 * round trip per event. The head row lock serialises appenders across instances.
 */
export class PostgresAuditLog implements AuditLog {
  private readonly queue: Waiting[] = [];
  private draining?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { maxBatch?: number; clock?: () => Date } = {},
  ) {}

  append(event: AuditEvent): Promise<AuditRecord> {
    // Refuse a bad event in its producer's call, not in a batch that would fail others.
    validateEvent(event);
    canonicalJson(event.details ?? {});
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      this.draining ??= this.drain().finally(() => (this.draining = undefined));
    });
  }

  /** Resolves once everything appended so far is committed. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    const maxBatch = this.options.maxBatch ?? 500;
    while (this.queue.length) {
      const batch = this.queue.splice(0, maxBatch);
      try {
        const records = await this.write(batch.map((w) => w.event));
        batch.forEach((waiting, i) => waiting.resolve(records[i]));
      } catch (error) {
        batch.forEach((waiting) => waiting.reject(error));
      }
    }
  }

  private write(events: AuditEvent[]): Promise<AuditRecord[]> {
    return this.dataSource.transaction(async (tx) => {
      const [head] = await tx.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`);
      const records = linkEvents({ seq: Number(head.seq), hash: head.hash }, events, (this.options.clock ?? (() => new Date()))());
      await tx.query(
        `INSERT INTO audit_log (seq, occurred_at, action, actor, subject, details, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bytea[], $8::bytea[])`,
        [
          records.map((r) => r.seq),
          records.map((r) => r.occurredAt.toISOString()),
          records.map((r) => r.action),
          records.map((r) => r.actor),
          records.map((r) => r.subject),
          records.map((r) => r.details),
          records.map((r) => r.prevHash),
          records.map((r) => r.hash),
        ],
      );
      const last = records[records.length - 1];
      await tx.query(`UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1`, [last.seq, last.hash]);
      return records;
    });
  }
}
