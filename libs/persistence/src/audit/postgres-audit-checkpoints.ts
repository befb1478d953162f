import type { DataSource, EntityManager } from 'typeorm';
import type { AuditCheckpoint, CheckpointStore } from '@theqa/audit';

interface CheckpointRow {
  number: string;
  chain_seq: string;
  chain_hash: Buffer;
  at: Date;
  previous: Buffer;
  key_label: string;
  key_spki: Buffer;
  signature_algorithm: string;
  signature: Buffer;
  time_stamp_token: Buffer;
}

const COLUMNS = 'number, chain_seq, chain_hash, at, previous, key_label, key_spki, signature_algorithm, signature, time_stamp_token';

const toCheckpoint = (row: CheckpointRow): AuditCheckpoint => ({
  number: Number(row.number),
  chainSeq: Number(row.chain_seq),
  chainHash: row.chain_hash,
  at: new Date(row.at),
  previous: row.previous,
  keyLabel: row.key_label,
  keySpki: row.key_spki,
  signatureAlgorithm: row.signature_algorithm,
  signature: row.signature,
  timeStampToken: row.time_stamp_token,
});

/** The audit log's checkpoints on PostgreSQL (table audit_checkpoint, append-only). */
export class PostgresAuditCheckpoints implements CheckpointStore {
  constructor(private readonly dataSource: DataSource | EntityManager) {}

  async state(): Promise<{ head: { seq: number; hash: Buffer } | undefined; latest: AuditCheckpoint | undefined }> {
    // One statement, one snapshot: a checkpoint it sees was written from a head this snapshot also has
    // (or a later one), so the next number never goes with an older head.
    const [row] = await this.dataSource.query(
      `SELECT h.seq AS head_seq, h.hash AS head_hash, c.*
         FROM (SELECT 1) AS one
         LEFT JOIN audit_chain_head h ON h.id = 1
         LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM audit_checkpoint ORDER BY number DESC LIMIT 1) c ON true`,
    );
    return {
      head: row.head_seq === null ? undefined : { seq: Number(row.head_seq), hash: row.head_hash },
      latest: row.number === null ? undefined : toCheckpoint(row),
    };
  }

  async insert(checkpoint: AuditCheckpoint): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO audit_checkpoint (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (number) DO NOTHING RETURNING number`,
      [
        checkpoint.number,
        checkpoint.chainSeq,
        checkpoint.chainHash,
        checkpoint.at.toISOString(),
        checkpoint.previous,
        checkpoint.keyLabel,
        checkpoint.keySpki,
        checkpoint.signatureAlgorithm,
        checkpoint.signature,
        checkpoint.timeStampToken,
      ],
    );
    return rows.length === 1;
  }
}

/** Every checkpoint, by number. */
export async function readAuditCheckpoints(db: DataSource | EntityManager): Promise<AuditCheckpoint[]> {
  const rows: CheckpointRow[] = await db.query(`SELECT ${COLUMNS} FROM audit_checkpoint ORDER BY number`);
  return rows.map(toCheckpoint);
}
