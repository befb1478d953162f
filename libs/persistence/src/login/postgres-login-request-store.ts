import type { DataSource } from 'typeorm';
import type { LoginRequest, LoginRequestStore } from '@theqa/login';
import { PreparedStatement } from '../prepared-statement';

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

// Every step of a login reads or writes its request: prepared once per connection (see PreparedStatement).
const CREATE = new PreparedStatement(
  'login_request_create',
  `INSERT INTO login_request (id, interaction, ciba_request, status, expires_at, created_at, version, data) VALUES ($1, $2, $3, $4, $5, $6, 0, $7)`,
);
const BY_ID = new PreparedStatement<Row>('login_request_by_id', `SELECT data, status, expires_at, version FROM login_request WHERE id = $1`);
const LATEST_OF_INTERACTION = new PreparedStatement<Row>(
  'login_request_latest_of_interaction',
  `SELECT data, status, expires_at, version FROM login_request WHERE interaction = $1 ORDER BY created_at DESC, id LIMIT 1`,
);
const SAVE = new PreparedStatement<{ id: string }>(
  'login_request_save',
  `UPDATE login_request SET status = $2, expires_at = $3, version = version + 1, data = $4 WHERE id = $1 AND version = $5 RETURNING id`,
);
/**
 * The interaction's newest request if it is approved; otherwise its open requests expire and the new
 * one is created. One statement: every part sees the same snapshot, and the new row is not among the
 * ones it expires.
 */
const REPLACE_OPEN = new PreparedStatement<Row>(
  'login_request_replace_open',
  `WITH latest AS (
     SELECT data, status, expires_at, version FROM login_request WHERE interaction = $2::text ORDER BY created_at DESC, id LIMIT 1
   ), approved AS (
     SELECT * FROM latest WHERE status = 'approved'
   ), expired AS (
     UPDATE login_request SET status = 'expired', version = version + 1, data = jsonb_set(data, '{status}', '"expired"')
      WHERE interaction = $2::text AND status IN ('pending', 'claimed') AND created_at <= $6::timestamptz AND NOT EXISTS (SELECT 1 FROM approved)
   ), created AS (
     INSERT INTO login_request (id, interaction, ciba_request, status, expires_at, created_at, version, data)
     SELECT $1::text, $2::text, $3::text, $4::text, $5::timestamptz, $6::timestamptz, 0, $7::jsonb WHERE NOT EXISTS (SELECT 1 FROM approved)
   )
   SELECT data, status, expires_at, version FROM approved`,
);

/** Login requests in `login_request`: queried columns, the rest as JSON; saved optimistically on `version`. */
export class PostgresLoginRequestStore implements LoginRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(r: LoginRequest): Promise<void> {
    await CREATE.run(this.dataSource, [r.id, r.interaction ?? null, r.cibaRequest ?? null, r.status, r.expiresAt, r.createdAt, JSON.stringify(r)]);
  }

  async find(id: string): Promise<LoginRequest | undefined> {
    const [row] = await BY_ID.run(this.dataSource, [id]);
    return row && toRequest(row);
  }

  async latestOfInteraction(interaction: string): Promise<LoginRequest | undefined> {
    const [row] = await LATEST_OF_INTERACTION.run(this.dataSource, [interaction]);
    return row && toRequest(row);
  }

  async findByCibaRequest(cibaRequest: string): Promise<LoginRequest | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT data, status, expires_at, version FROM login_request WHERE ciba_request = $1`, [cibaRequest]);
    return rows[0] && toRequest(rows[0]);
  }

  async save(r: LoginRequest): Promise<boolean> {
    return (await SAVE.run(this.dataSource, [r.id, r.status, r.expiresAt, JSON.stringify(r), r.version])).length === 1;
  }

  async replaceOpen(r: LoginRequest & { interaction: string }): Promise<LoginRequest | undefined> {
    const [approved] = await REPLACE_OPEN.run(this.dataSource, [r.id, r.interaction, r.cibaRequest ?? null, r.status, r.expiresAt, r.createdAt, JSON.stringify(r)]);
    return approved && toRequest(approved);
  }
}
