import type { DataSource } from 'typeorm';
import type { RateLimiter, RateVerdict } from '@theqa/kernel';

/**
 * Fixed-window counters, one row per bucket, counted by a single UPSERT: every instance sees the same
 * count, and two requests at the same moment cannot both slip under the limit. Rows are purged a day
 * after their window opened (housekeeping/expired-rows.ts), so no window may be longer than a day.
 */
export class PostgresRateLimiter implements RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  async consume(bucket: string, limit: number, windowSeconds: number, now: Date): Promise<RateVerdict> {
    const rows: Array<{ hits: number; window_started_at: Date }> = await this.dataSource.query(
      `INSERT INTO rate_limit AS r (bucket, window_started_at, hits) VALUES ($1, $2, 1)
       ON CONFLICT (bucket) DO UPDATE SET
         hits = CASE WHEN r.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN 1 ELSE r.hits + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= $2::timestamptz - make_interval(secs => $3) THEN $2::timestamptz ELSE r.window_started_at END
       RETURNING hits, window_started_at`,
      [bucket, now, windowSeconds],
    );
    const { hits, window_started_at } = rows[0];
    const retryAfterSeconds = Math.max(1, Math.ceil((new Date(window_started_at).getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
    return { allowed: hits <= limit, retryAfterSeconds };
  }
}
