import type { DataSource } from 'typeorm';
import type { ChallengeRecord, ChallengeStore } from '@theqa/identity';

/** Device challenges (`device_challenge`): spending is one UPDATE, so two answers cannot both win. */
export class PostgresChallengeStore implements ChallengeStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(c: ChallengeRecord): Promise<void> {
    await this.dataSource.query(`INSERT INTO device_challenge (id, device, purpose, payload, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
      c.id,
      c.device,
      c.purpose,
      c.payload,
      c.expiresAt,
    ]);
  }

  async spend(id: string, now: Date): Promise<ChallengeRecord | 'unknown' | 'used'> {
    const result = await this.dataSource.query(
      `UPDATE device_challenge SET answered_at = $2 WHERE id = $1 AND answered_at IS NULL RETURNING id, device, purpose, payload, expires_at`,
      [id, now],
    );
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { id: string; device: string; purpose: string; payload: string; expires_at: Date }[];
    if (rows.length === 1) {
      const r = rows[0];
      return { id: r.id, device: r.device, purpose: r.purpose, payload: r.payload, expiresAt: new Date(r.expires_at) };
    }
    const exists = await this.dataSource.query(`SELECT 1 FROM device_challenge WHERE id = $1`, [id]);
    return exists.length ? 'used' : 'unknown';
  }
}
