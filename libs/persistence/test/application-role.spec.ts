import type { DataSource } from 'typeorm';
import { APPLICATION_ROLE, createDataSource, grantApplicationRole } from '../src';

/**
 * The rights of the running platform's database role (production connects with a member of it; the
 * schema's owner runs the migrations): everything it needs, but the audit log only grows, and the
 * trigger that guards it is out of its reach.
 */
describe('the application role', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    // What docker/postgres-init.sh does once per cluster; idempotent here, other suites may share the server.
    await dataSource.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN CREATE ROLE ${APPLICATION_ROLE} NOLOGIN; END IF; END $$`);
    expect(await grantApplicationRole(dataSource)).toBe(true);
  });
  afterAll(async () => {
    await dataSource?.destroy();
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

  it('may only read and append to the audit log', async () => {
    expect(await Promise.all(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'].map((p) => may('audit_log', p)))).toEqual([true, true, false, false, false]);
  });

  it('cannot disable the audit log’s guard: only its owner could', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SET LOCAL ROLE ${APPLICATION_ROLE}`);
      await expect(runner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  });
});
