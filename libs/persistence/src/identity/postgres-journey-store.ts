import type { DataSource } from 'typeorm';
import type { JourneyRecord, JourneyStore } from '@theqa/identity';

interface JourneyRow {
  id: string;
  kind: JourneyRecord['kind'];
  civil_number: string;
  step: string;
  status: JourneyRecord['status'];
  step_expires_at: Date;
  expires_at: Date;
  state: JourneyRecord['state'] | string;
  version: number;
  failure: string | null;
}

export function journeyFromRow(row: JourneyRow): JourneyRecord {
  return {
    id: row.id,
    kind: row.kind,
    civilNumber: row.civil_number,
    step: row.step,
    status: row.status,
    stepExpiresAt: new Date(row.step_expires_at),
    expiresAt: new Date(row.expires_at),
    state: typeof row.state === 'string' ? JSON.parse(row.state) : row.state,
    version: Number(row.version),
    failure: row.failure ?? undefined,
  };
}

/** Journeys in `identity_journey`, found by the SHA-256 of their bearer token; saves are optimistic on `version`. */
export class PostgresJourneyStore implements JourneyStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(tokenSha256: Buffer, j: JourneyRecord): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO identity_journey (token_sha256, id, kind, civil_number, step, status, step_expires_at, expires_at, state, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)`,
      [tokenSha256, j.id, j.kind, j.civilNumber, j.step, j.status, j.stepExpiresAt, j.expiresAt, JSON.stringify(j.state)],
    );
  }

  async find(tokenSha256: Buffer): Promise<JourneyRecord | undefined> {
    const rows: JourneyRow[] = await this.dataSource.query(
      `SELECT id, kind, civil_number, step, status, step_expires_at, expires_at, state, version, failure FROM identity_journey WHERE token_sha256 = $1`,
      [tokenSha256],
    );
    return rows[0] && journeyFromRow(rows[0]);
  }

  async save(j: JourneyRecord): Promise<boolean> {
    return saveJourney(this.dataSource, j);
  }

  async recordTermsAcceptance(civilNumber: string, version: string, journeyId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO identity_terms_acceptance (civil_number, version, journey_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [civilNumber, version, journeyId],
    );
  }
}

/** The optimistic save, usable inside a transaction (`db` is a DataSource or an EntityManager). */
export async function saveJourney(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, j: JourneyRecord): Promise<boolean> {
  const result = (await db.query(
    `UPDATE identity_journey SET step = $2, status = $3, step_expires_at = $4, state = $5, failure = $6, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $7 RETURNING version`,
    [j.id, j.step, j.status, j.stepExpiresAt, JSON.stringify(j.state), j.failure ?? null, j.version],
  )) as unknown;
  // TypeORM returns [rows, count] for UPDATE … RETURNING on PostgreSQL.
  const rows = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
  return Array.isArray(rows) && rows.length === 1;
}
