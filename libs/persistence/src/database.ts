import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceOptions } from './data-source';
import { resolveDatabaseTarget, type DatabaseTarget } from './database-target';
import { EmbeddedPostgres } from './embedded-postgres';

/** An open database: the DataSource, and the embedded server behind it when there is one. */
export interface Database {
  readonly target: DatabaseTarget;
  readonly dataSource: DataSource;
  readonly embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions extends Omit<DataSourceOptions, 'url'> {
  env?: NodeJS.ProcessEnv;
}

/** DATABASE_URL set → that PostgreSQL; unset → the embedded one, started in this process if needed. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = resolveDatabaseTarget(options.env ?? process.env);
  const { url, embedded } = await reach(target);
  const dataSource = createDataSource({ ...options, url });
  try {
    await dataSource.initialize();
  } catch (error) {
    await embedded?.close();
    throw error;
  }
  return {
    target,
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.close();
    },
  };
}

async function reach(target: DatabaseTarget): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (target.kind === 'server') return { url: target.url };
  const embedded = await EmbeddedPostgres.open(target.dataDir);
  return { url: embedded.url, embedded };
}
