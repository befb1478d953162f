import type { DataSource } from 'typeorm';
import type { LoginRequest, LoginRequestStore } from '@theqa/login';

interface Row {
  data: Record<string, unknown>;
  status: LoginRequest['status'];
  expires_at: Date;
  version: number;
}

const DATES = ['createdAt', 'expiresAt', 'decidedAt'] as const;

function toRequest(row: Row): LoginRequest {
  const data = { ...row.data } as Record<string, unknown>;
  for (const field of DATES) if (typeof data[field] === 'string') data[field] = new Date(data[field] as string);
  return { ...(data as unknown as LoginRequest), status: row.status, expiresAt: new Date(row.expires_at), version: row.version };
}

const rowsOf = <T>(result: unknown): T[] => (Array.isArray((result as unknown[])[0]) ? (result as T[][])[0] : (result as T[]));

/** Login requests in `login_request`: queried columns, the rest as JSON; saved optimistically on `version`. */
export class PostgresLoginRequestStore implements LoginRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(r: LoginRequest): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_request (id, interaction, ciba_request, status, expires_at, created_at, version, data) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)`,
      [r.id, r.interaction ?? null, r.cibaRequest ?? null, r.status, r.expiresAt, r.createdAt, JSON.stringify(r)],
    );
  }

  async find(id: string): Promise<LoginRequest | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT data, status, expires_at, version FROM login_request WHERE id = $1`, [id]);
    return rows[0] && toRequest(rows[0]);
  }

  async latestOfInteraction(interaction: string): Promise<LoginRequest | undefined> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT data, status, expires_at, version FROM login_request WHERE interaction = $1 ORDER BY created_at DESC, id LIMIT 1`,
      [interaction],
    );
    return rows[0] && toRequest(rows[0]);
  }

  async findByCibaRequest(cibaRequest: string): Promise<LoginRequest | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT data, status, expires_at, version FROM login_request WHERE ciba_request = $1`, [cibaRequest]);
    return rows[0] && toRequest(rows[0]);
  }

  async save(r: LoginRequest): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE login_request SET status = $2, expires_at = $3, version = version + 1, data = $4 WHERE id = $1 AND version = $5 RETURNING id`,
      [r.id, r.status, r.expiresAt, JSON.stringify(r), r.version],
    );
    return rowsOf(result).length === 1;
  }

  async expireOpen(interaction: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE login_request SET status = 'expired', version = version + 1, data = jsonb_set(data, '{status}', '"expired"') WHERE interaction = $1 AND status IN ('pending', 'claimed') AND created_at <= $2`,
      [interaction, now],
    );
  }
}
