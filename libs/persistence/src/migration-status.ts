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
  const exists = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  if (!exists[0]?.present) return [];
  const rows: Array<{ name: string }> = await dataSource.query(`SELECT name FROM ${table} ORDER BY "timestamp", id`);
  return rows.map((row) => row.name);
}
