import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceOptions } from './data-source';
import type { DatabaseTarget } from './database-target';
import { migrateDatabase } from './migration-status';
import { grantApplicationRole } from './roles/application-role';
import { EmbeddedPostgres } from './embedded-postgres';

/** An open database: the DataSource, and the embedded server behind it when there is one. */
export interface Database {
  readonly target: DatabaseTarget;
  readonly dataSource: DataSource;
  readonly embedded?: EmbeddedPostgres;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions extends Omit<DataSourceOptions, 'url'> {
  target: DatabaseTarget;
}

/** A PostgreSQL server, or the embedded one (started in this process unless another process serves its folder). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { target, ...dataSourceOptions } = options;
  const { url, embedded } = await reach(target);
  const dataSource = createDataSource({ ...dataSourceOptions, url });
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

/**
 * Applies pending migrations as the schema's owner: through the target's migration URL when it names
 * one (the application's own role may then hold fewer rights, e.g. no UPDATE on the audit log), else
 * through the open connection.
 */
export async function migrateSchema(database: Database): Promise<string[]> {
  const { target } = database;
  if (target.kind !== 'server' || !target.migrationUrl) return migrateAndGrant(database.dataSource);
  const owner = createDataSource({ url: target.migrationUrl, poolSize: 1, applicationName: 'theqa-migrations' });
  await owner.initialize();
  try {
    return await migrateAndGrant(owner);
  } finally {
    await owner.destroy();
  }
}

async function migrateAndGrant(dataSource: DataSource): Promise<string[]> {
  const applied = await migrateDatabase(dataSource);
  await grantApplicationRole(dataSource);
  return applied;
}
