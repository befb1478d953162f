import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, PostgresRateLimiter } from '../src';

/** The shared fixed-window counters: one statement per hit decides it, whatever the concurrency. */
describe('PostgresRateLimiter', () => {
  let dataSource: DataSource;
  let limiter: PostgresRateLimiter;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 10 });
    await dataSource.initialize();
    limiter = new PostgresRateLimiter(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('100 hits at once on one bucket: exactly the limit are allowed, each told when the window closes', async () => {
    const bucket = `test:${randomUUID()}`;
    const now = new Date();
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => limiter.consume(bucket, 7, 60, now)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(7);
    expect(new Set(verdicts.map((v) => v.retryAfterSeconds))).toEqual(new Set([60]));
    const [row] = await dataSource.query(`SELECT hits FROM rate_limit WHERE bucket = $1`, [bucket]);
    expect(Number(row.hits)).toBe(100);
  });

  it('a window opens with its first hit and closes windowSeconds later; a new one then counts from one', async () => {
    const bucket = `test:${randomUUID()}`;
    const start = new Date('2026-03-01T10:00:00Z');
    const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
    expect(await limiter.consume(bucket, 2, 600, start)).toEqual({ allowed: true, retryAfterSeconds: 600 });
    expect(await limiter.consume(bucket, 2, 600, at(100))).toEqual({ allowed: true, retryAfterSeconds: 500 });
    expect(await limiter.consume(bucket, 2, 600, at(599.5))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await limiter.consume(bucket, 2, 600, at(600))).toEqual({ allowed: true, retryAfterSeconds: 600 });
    // Buckets are independent.
    expect((await limiter.consume(`${bucket}:other`, 2, 600, at(599))).allowed).toBe(true);
  });
});
