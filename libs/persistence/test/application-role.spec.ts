import type { DataSource } from 'typeorm';
import { ownerDatabaseUrl } from '@theqa/testing';
import { APPLICATION_ROLE, createDataSource, grantApplicationRole } from '../src';

/**
 * The rights of the running platform's database role (production connects with a member of it; the
 * schema's owner runs the migrations): everything it needs, but the audit log only grows, and the
 * trigger that guards it is out of its reach.
 */
describe('the application role', () => {
  /** The schema's owner, who grants (the superuser on the embedded database). */
  let owner: DataSource;
  /** The connection of the test run (on a real PostgreSQL: a member of the application role). */
  let dataSource: DataSource;
  beforeAll(async () => {
    owner = createDataSource({ url: ownerDatabaseUrl(), poolSize: 1 });
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await Promise.all([owner.initialize(), dataSource.initialize()]);
    // What docker/postgres-init.sh (and tools/ci/with-postgres.sh) does once per cluster; the embedded
    // database has no such role until a superuser makes it.
    const [{ exists }] = await owner.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists`, [APPLICATION_ROLE]);
    if (!exists) await owner.query(`CREATE ROLE ${APPLICATION_ROLE} NOLOGIN`);
    expect(await grantApplicationRole(owner)).toBe(true);
  });
  afterAll(async () => {
    await Promise.all([owner?.destroy(), dataSource?.destroy()]);
  });

  const may = async (table: string, privilege: string) => {
    const [row] = await dataSource.query(`SELECT has_table_privilege($1, $2, $3) AS allowed`, [APPLICATION_ROLE, table, privilege]);
    return row.allowed as boolean;
  };

  it('reads and writes the platform tables', async () => {
    for (const table of ['identity', 'ca_certificate', 'oidc_model', 'consent', 'audit_chain_head']) {
      expect({ table, rights: await Promise.all(['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map((p) => may(table, p))) }).toEqual({ table, rights: [true, true, true, true] });
    }
  });

  it('may only read and append to the audit log and its checkpoints', async () => {
    for (const table of ['audit_log', 'audit_checkpoint']) {
      expect({ table, rights: await Promise.all(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'].map((p) => may(table, p))) }).toEqual({ table, rights: [true, true, false, false, false] });
    }
  });

  it('cannot disable the guards of the audit log and its checkpoints: only their owner could', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // A member of the role already (the real-PostgreSQL run); the embedded superuser takes it on.
      const [{ member }] = await runner.query(`SELECT pg_has_role(current_user, $1, 'MEMBER') AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS member`, [APPLICATION_ROLE]);
      if (!member) await runner.query(`SET LOCAL ROLE ${APPLICATION_ROLE}`);
      await expect(runner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
      await runner.rollbackTransaction();
      await runner.startTransaction();
      if (!member) await runner.query(`SET LOCAL ROLE ${APPLICATION_ROLE}`);
      await expect(runner.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only')).rejects.toThrow(/must be owner/);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  });
});
