import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../src';

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-embedded-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps committed data across a close and reopen of its folder', async () => {
    const first = await EmbeddedPostgres.open(dataDir);
    expect(first.owned).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'owner.json'))).toBe(true);
    await withClient(first.url, async (client) => {
      await client.query('CREATE TABLE kept (id int PRIMARY KEY, name text NOT NULL)');
      await client.query(`INSERT INTO kept VALUES (1, 'سالم'), (2, 'Salim')`);
    });
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'owner.json'))).toBe(false);

    const second = await EmbeddedPostgres.open(dataDir);
    try {
      expect(second.url).not.toBe(first.url);
      const rows = await withClient(second.url, (client) => client.query('SELECT id, name FROM kept ORDER BY id'));
      expect(rows.rows).toEqual([
        { id: 1, name: 'سالم' },
        { id: 2, name: 'Salim' },
      ]);
    } finally {
      await second.close();
    }
  });

  it('ignores an owner file left behind by a process that no longer runs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-stale-'));
    fs.writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ pid: 2 ** 22 + 12345, port: 1 }));
    const db = await EmbeddedPostgres.open(dir);
    try {
      expect(db.owned).toBe(true);
      const result = await withClient(db.url, (client) => client.query('SELECT 41 + 1 AS answer'));
      expect(result.rows[0].answer).toBe(42);
    } finally {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
