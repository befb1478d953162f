import type { DataSource } from 'typeorm';
import type { ChallengeRecord, ChallengeStore } from '@theqa/identity';
import { PreparedStatement } from '../prepared-statement';

// One of each per login by a device: prepared once per connection (see PreparedStatement).
const CREATE = new PreparedStatement(
  'device_challenge_create',
  `INSERT INTO device_challenge (id, device, purpose, payload, expires_at)
   SELECT $1::text, $2::text, $3::text, $4::text, $5::timestamptz WHERE EXISTS (SELECT 1 FROM identity_device WHERE serial = $2::text)`,
);
const SPEND = new PreparedStatement<{ id: string; device: string; purpose: string; payload: string; expires_at: Date }>(
  'device_challenge_spend',
  `UPDATE device_challenge SET answered_at = $4
   WHERE id = $1 AND device = $2 AND payload = $3 AND answered_at IS NULL
   RETURNING id, device, purpose, payload, expires_at`,
);

/** Device challenges (`device_challenge`): spending is one conditional UPDATE, so two answers cannot both win and a foreign one spends nothing. */
export class PostgresChallengeStore implements ChallengeStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(c: ChallengeRecord): Promise<void> {
    // One statement for any serial: a registered device's challenge is kept, an unknown serial's is not.
    await CREATE.run(this.dataSource, [c.id, c.device, c.purpose, c.payload, c.expiresAt]);
  }

  async spend(id: string, answer: { device: string; payload: string }, now: Date): Promise<ChallengeRecord | 'unknown' | 'used' | 'not-issued'> {
    const rows = await SPEND.run(this.dataSource, [id, answer.device, answer.payload, now]);
    if (rows.length === 1) {
      const r = rows[0];
      return { id: r.id, device: r.device, purpose: r.purpose, payload: r.payload, expiresAt: new Date(r.expires_at) };
    }
    const found: { device: string; payload: string }[] = await this.dataSource.query(`SELECT device, payload FROM device_challenge WHERE id = $1`, [id]);
    if (!found[0]) return 'unknown';
    return found[0].device === answer.device && found[0].payload === answer.payload ? 'used' : 'not-issued';
  }
}
