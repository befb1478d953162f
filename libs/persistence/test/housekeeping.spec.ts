import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, purgeExpiredRows } from '../src';

/** Lapsed short-lived rows go; rows still in use, and anything recent, stay. */
describe('purging expired rows', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('removes lapsed OIDC models, login requests and rate-limit windows, and keeps the rest', async () => {
    const tag = randomUUID();
    // The real now: the database is shared with suites running at the same time, whose rows are all
    // recent; only the rows backdated here are old enough to go.
    const now = new Date();
    const old = new Date(Date.now() - 40 * 86_400_000);
    await dataSource.query(`INSERT INTO oidc_model (kind, id, payload, expires_at) VALUES ('Session', $1, '{}', $2), ('Session', $3, '{}', $4)`, [
      `${tag}-old`,
      old,
      `${tag}-live`,
      new Date(now.getTime() + 3_600_000),
    ]);
    const request = (id: string, expiresAt: Date) =>
      dataSource.query(`INSERT INTO login_request (id, status, expires_at, created_at, version, data) VALUES ($1, 'expired', $2, $2, 0, '{}')`, [id, expiresAt]);
    await request(`${tag}-old`, old);
    await request(`${tag}-recent`, new Date());
    await dataSource.query(`INSERT INTO rate_limit (bucket, window_started_at, hits) VALUES ($1, $2, 3), ($3, $4, 1)`, [`${tag}-old`, old, `${tag}-live`, now]);

    const removed = await purgeExpiredRows(dataSource, now);
    expect(removed.oidc_model).toBeGreaterThanOrEqual(1);
    const left = async (table: string, column: string) =>
      ((await dataSource.query(`SELECT ${column} AS id FROM ${table} WHERE ${column} LIKE $1 ORDER BY 1`, [`${tag}-%`])) as Array<{ id: string }>).map((r) => r.id);
    expect(await left('oidc_model', 'id')).toEqual([`${tag}-live`]);
    expect(await left('login_request', 'id')).toEqual([`${tag}-recent`]);
    expect(await left('rate_limit', 'bucket')).toEqual([`${tag}-live`]);
  });
});
