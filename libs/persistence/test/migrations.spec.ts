import { createDataSource, ensureInstallation, migrateDatabase, platformMigrations, readMigrationStatus } from '../src';
import type { DataSource } from 'typeorm';

// Runs on the shared test database (embedded PGlite, or the real PostgreSQL of DATABASE_URL).
describe('migrations on the test database', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  it('has every platform migration applied and none pending', async () => {
    const status = await readMigrationStatus(dataSource);
    expect(status.pending).toEqual([]);
    expect(status.applied).toEqual(platformMigrations.map((m) => new m().name));
  });

  it('applies nothing the second time', async () => {
    await expect(migrateDatabase(dataSource)).resolves.toEqual([]);
  });

  it('never lets TypeORM synchronise the schema', () => {
    expect(dataSource.options.synchronize).toBe(false);
    expect(dataSource.options.migrationsRun).toBe(false);
  });

  it('keeps one installation identity however often it is asked for', async () => {
    const [a, b] = await Promise.all([ensureInstallation(dataSource), ensureInstallation(dataSource)]);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.id).toBe(a.id);
    await expect(ensureInstallation(dataSource)).resolves.toEqual(a);
  });

  it('enforces the metadata key format in the schema itself', async () => {
    await expect(dataSource.query(`INSERT INTO platform_metadata (key, value) VALUES ('Bad Key!', 'x')`)).rejects.toThrow(/check constraint/i);
  });
});
