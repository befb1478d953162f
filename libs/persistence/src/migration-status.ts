import type { DataSource } from 'typeorm';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Which migrations the database has and which it still needs. */
export async function readMigrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const known = dataSource.migrations.map((migration) => migration.name ?? migration.constructor.name);
  const applied = await appliedMigrationNames(dataSource);
  return { applied, pending: known.filter((name) => !applied.includes(name)) };
}

/** Applies pending migrations, each in its own transaction; returns the names applied now. */
export async function migrateDatabase(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((migration) => migration.name);
}

async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  try {
    const rows: Array<{ name: string }> = await dataSource.query(`SELECT name FROM ${table} ORDER BY "timestamp", id`);
    return rows.map((row) => row.name);
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return [];
    throw error;
  }
}

const UNDEFINED_TABLE = '42P01';
