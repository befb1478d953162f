import type { DataSource } from 'typeorm';

/**
 * The role the running platform connects with in production (through a login role that is a member of
 * it), apart from the schema's owner, who runs migrations. It may read and write the tables, but the
 * audit log and its checkpoints only grow: no UPDATE, DELETE or TRUNCATE on them, and, not owning them,
 * it cannot disable the triggers that guard them either. Deployments create the role (docker/postgres-init.sql); the owner
 * grants it after every migration run, so that new tables are covered too.
 */
export const APPLICATION_ROLE = 'theqa_application';

/** Tables the application may only read and append to. */
const APPEND_ONLY_TABLES = ['audit_log', 'audit_checkpoint'];

/** Grants the application role its rights on every table, when the role exists; true when it did. */
export async function grantApplicationRole(dataSource: DataSource): Promise<boolean> {
  const [{ exists }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists`, [APPLICATION_ROLE]);
  if (!exists) return false;
  await dataSource.transaction(async (manager) => {
    await manager.query(`GRANT USAGE ON SCHEMA public TO ${APPLICATION_ROLE}`);
    await manager.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APPLICATION_ROLE}`);
    await manager.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APPLICATION_ROLE}`);
    for (const table of APPEND_ONLY_TABLES) await manager.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${APPLICATION_ROLE}`);
  });
  return true;
}
