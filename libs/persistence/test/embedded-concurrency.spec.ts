import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { EmbeddedPostgres } from '../src';

// The embedded server under the load an app puts on it: many pool connections at once, with
// parameterised (extended-protocol) queries and transactions interleaving on PGlite's one session.
describe('embedded PostgreSQL with concurrent connections', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-concurrency-'));
  let embedded: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    embedded = await EmbeddedPostgres.open(dir);
    pool = new Pool({ connectionString: embedded.url, max: 16 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
    await pool.query('CREATE TABLE item (id int PRIMARY KEY, label text NOT NULL)');
  });
  afterAll(async () => {
    await pool.end();
    await embedded.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 2,000 interleaved parameterised queries, each with its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => pool.query('SELECT $1::int * 2 AS doubled, $2::text AS label', [i, `item-${i}`])),
    );
    results.forEach((result, i) => expect(result.rows[0]).toEqual({ doubled: i * 2, label: `item-${i}` }));
  });

  it('keeps transactions whole while other connections query', async () => {
    const increments = Array.from({ length: 100 }, async (_, i) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query('SELECT n FROM counter WHERE id = $1', [1]);
        await client.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0].n + 1, 1]);
        await client.query('INSERT INTO item (id, label) VALUES ($1, $2)', [i, `t-${i}`]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const readers = Array.from({ length: 300 }, (_, i) => pool.query('SELECT $1::int AS i', [i]).then((r) => expect(r.rows[0].i).toBe(i)));
    await Promise.all([...increments, ...readers]);
    expect((await pool.query('SELECT n FROM counter WHERE id = 1')).rows[0].n).toBe(100);
    expect((await pool.query('SELECT count(*)::int AS c FROM item')).rows[0].c).toBe(100);
  });

  it('a failing statement in one connection does not disturb the others', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? pool.query('SELECT 1 / $1::int', [0]) : pool.query('SELECT $1::int AS i', [i]))),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 10 === 0) expect(outcome.status).toBe('rejected');
      else expect(outcome).toMatchObject({ status: 'fulfilled', value: { rows: [{ i }] } });
    });
  });
});
