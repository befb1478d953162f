import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface Installation {
  id: string;
  firstStartedAt: Date;
}

/**
 * This installation's identity, created on first start and read back on every later one, so that
 * anyone can see that a restart reopened the same data rather than starting afresh.
 */
export async function ensureInstallation(dataSource: DataSource): Promise<Installation> {
  await dataSource.query(
    `INSERT INTO platform_metadata (key, value) VALUES ('installation.id', $1) ON CONFLICT (key) DO NOTHING`,
    [randomUUID()],
  );
  const [row] = await dataSource.query(
    `SELECT value, created_at FROM platform_metadata WHERE key = 'installation.id'`,
  );
  return { id: row.value, firstStartedAt: new Date(row.created_at) };
}
