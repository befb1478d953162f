import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, purgeExpiredRows, RETENTION } from '../src';

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

  it('purges signatures with the ID card a week after they lapsed, files and all', async () => {
    const now = new Date();
    const id = () => randomUUID().replace(/-/g, '').slice(0, 22);
    const upload = (key: string, expiresAt: Date) =>
      dataSource.query(
        `INSERT INTO card_signature (id, civil_number, status, document_name_ar, document_name_en, document_sha256, document_pages, document_bytes, pdf, created_at, expires_at)
         VALUES ($1, '10000001', 'uploaded', 'x', 'x', 'x', 1, 1, '\\x25504446', $2, $2)`,
        [key, expiresAt],
      );
    const [gone, kept] = [id(), id()];
    await upload(gone, new Date(Date.now() - 8 * 86_400_000));
    await upload(kept, new Date(Date.now() - 6 * 86_400_000));
    const removed = await purgeExpiredRows(dataSource, now);
    expect(removed.card_signature).toBeGreaterThanOrEqual(1);
    expect(await dataSource.query(`SELECT id FROM card_signature WHERE id = ANY($1::text[])`, [[gone, kept]])).toEqual([{ id: kept }]);
  });

  it('purges lapsed journeys and old SMS, keeping open journeys and today\'s messages', async () => {
    const tag = randomUUID();
    const now = new Date();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const journey = (id: string, expiresAt: Date) =>
      dataSource.query(
        `INSERT INTO identity_journey (token_sha256, id, kind, civil_number, step, status, step_expires_at, expires_at, state) VALUES (digest($1, 'sha256'), $2, 'registration', '10000001', 'contact', 'failed', $3, $3, '{}')`,
        [id, id, expiresAt],
      );
    const [gone, kept] = [randomUUID(), randomUUID()];
    await journey(gone, old);
    await journey(kept, now);
    const sms = (id: string, at: Date) => dataSource.query(`INSERT INTO sms_outbox (id, phone, purpose, text, encoding, segments, created_at) VALUES ($1, '+96890000000', 'test', 'x', 'gsm-7', 1, $2)`, [id, at]);
    await sms(`${tag}-old`, old);
    await sms(`${tag}-new`, now);

    const removed = await purgeExpiredRows(dataSource, now);
    expect(removed.identity_journey).toBeGreaterThanOrEqual(1);
    expect(removed.sms_outbox).toBeGreaterThanOrEqual(1);
    const journeys = await dataSource.query(`SELECT id FROM identity_journey WHERE id = ANY($1::uuid[])`, [[gone, kept]]);
    expect(journeys).toEqual([{ id: kept }]);
    const messages = await dataSource.query(`SELECT id FROM sms_outbox WHERE id LIKE $1`, [`${tag}-%`]);
    expect(messages).toEqual([{ id: `${tag}-new` }]);
  });

  it('has an index on the column each table is purged by, so a purge never scans a table', async () => {
    const indexed: Array<{ table: string; column: string }> = await dataSource.query(
      `SELECT t.relname AS table, a.attname AS column
         FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]`,
    );
    const has = new Set(indexed.map((i) => `${i.table}.${i.column}`));
    expect(RETENTION.map(({ table, column }) => ({ table, column, indexed: has.has(`${table}.${column}`) }))).toEqual(RETENTION.map(({ table, column }) => ({ table, column, indexed: true })));
  });
});
