import type { DataSource } from 'typeorm';
import type { ChallengeNonceStore, NonceUse } from '@theqa/web-eid';

/**
 * Web eID challenge nonces (`web_eid_challenge`). Expiry is the database's clock, for every instance
 * alike. Using a nonce is ONE conditional UPDATE: of any number of concurrent attempts exactly one
 * finds it unused and unexpired (the row lock makes the others re-check and find it used). Only when
 * that statement took nothing does a read say why, for the message; the read decides nothing.
 */
export class PostgresWebEidNonceStore implements ChallengeNonceStore {
  constructor(private readonly dataSource: DataSource) {}

  async save(nonce: string, binding: string, lifetimeSeconds: number): Promise<Date> {
    const [row]: Array<{ expires_at: Date }> = await this.dataSource.query(
      `INSERT INTO web_eid_challenge (nonce, binding, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3::float8)) RETURNING expires_at`,
      [nonce, binding, lifetimeSeconds],
    );
    return new Date(row.expires_at);
  }

  async consume(nonce: string, binding: string): Promise<NonceUse> {
    // (Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].)
    const [{ taken }]: Array<{ taken: number }> = await this.dataSource.query(
      `WITH taken AS (
         UPDATE web_eid_challenge SET used_at = clock_timestamp()
          WHERE nonce = $1 AND binding = $2 AND used_at IS NULL AND expires_at > clock_timestamp()
         RETURNING 1)
       SELECT count(*)::int AS taken FROM taken`,
      [nonce, binding],
    );
    if (taken === 1) return 'consumed';
    const [found]: Array<{ used: boolean }> = await this.dataSource.query(`SELECT used_at IS NOT NULL AS used FROM web_eid_challenge WHERE nonce = $1 AND binding = $2`, [nonce, binding]);
    if (!found) return 'unknown';
    return found.used ? 'used' : 'expired';
  }
}
