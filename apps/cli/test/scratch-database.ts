import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Client } from 'pg';
import { EmbeddedPostgres } from '@theqa/persistence';
import { ownerDatabaseUrl, tempDir } from '@theqa/testing';

export interface ScratchDatabase {
  /** The application's connection (on a real PostgreSQL: the run's application role). */
  url: string;
  /** The owner's: migrations, and tampering past the triggers. */
  ownerUrl: string;
  close(): Promise<void>;
}

/**
 * An empty database of its own, for tests that tamper with whole tables (the shared one is in every
 * other suite's use): a second embedded PGlite, or on a real PostgreSQL a database the run's owner
 * role creates (tools/ci/with-postgres.sh lets it) with the rights docker/postgres-init.sh gives.
 */
export async function scratchDatabase(): Promise<ScratchDatabase> {
  if (process.env.THEQA_TEST_DATABASE !== 'server') {
    const dir = tempDir('theqa-scratch-db-');
    const embedded = await EmbeddedPostgres.open(dir);
    return {
      url: embedded.url,
      ownerUrl: embedded.url,
      close: async () => {
        await embedded.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `theqa_scratch_${randomBytes(6).toString('hex')}`;
  const on = (url: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
  await withClient(ownerDatabaseUrl(), (client) => client.query(`CREATE DATABASE ${name}`));
  await withClient(on(ownerDatabaseUrl()), async (client) => {
    await client.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
    await client.query('GRANT USAGE ON SCHEMA public TO theqa_application');
  });
  return {
    url: on(process.env.DATABASE_URL!),
    ownerUrl: on(ownerDatabaseUrl()),
    // The server is thrown away after the run anyway: a database still in use is left to it.
    close: () => withClient(ownerDatabaseUrl(), (client) => client.query(`DROP DATABASE IF EXISTS ${name}`)).then(() => undefined, () => undefined),
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
