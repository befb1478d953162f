import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { CHECKPOINT_GENESIS, type AuditCheckpoint } from '@theqa/audit';
import { createDataSource, PostgresAuditCheckpoints, PostgresAuditLog, readAuditCheckpoints } from '../src';

/**
 * The checkpoint table on the shared test database. Every test runs in a transaction it rolls back:
 * checkpoints are append-only, and one made with a made-up key would stay in every suite's way.
 */
describe('audit checkpoints on PostgreSQL', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    // At least one entry, so the head is past the genesis.
    await new PostgresAuditLog(dataSource).append({ action: 'test.checkpointed', actor: 'test', subject: 'checkpoints' });
  });
  afterAll(() => dataSource.destroy());

  async function rolledBack(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await work(runner.manager);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const made = (number: number, chainSeq: number): AuditCheckpoint => ({
    number,
    chainSeq,
    chainHash: randomBytes(32),
    at: new Date('2026-11-22T08:00:00.123Z'),
    previous: CHECKPOINT_GENESIS,
    keyLabel: 'audit-checkpoint-1',
    keySpki: randomBytes(91),
    signatureAlgorithm: 'ecdsa-with-SHA256',
    signature: randomBytes(70),
    timeStampToken: randomBytes(400),
  });

  it('reads the head and the latest checkpoint together, and stores each number once', () =>
    rolledBack(async (manager) => {
      const store = new PostgresAuditCheckpoints(manager);
      const before = await store.state();
      const [head] = await manager.query(`SELECT seq, hash FROM audit_chain_head`);
      expect(before.head).toEqual({ seq: Number(head.seq), hash: head.hash });
      const next = (before.latest?.number ?? 0) + 1;
      const checkpoint = made(next, Number(head.seq));
      await expect(store.insert(checkpoint)).resolves.toBe(true);
      await expect(store.insert({ ...checkpoint, chainHash: randomBytes(32) })).resolves.toBe(false); // another instance was quicker
      expect((await store.state()).latest).toEqual(checkpoint);
      expect((await readAuditCheckpoints(manager)).pop()).toEqual(checkpoint);
    }));

  it('keeps checkpoints append-only', () =>
    rolledBack(async (manager) => {
      const store = new PostgresAuditCheckpoints(manager);
      const { latest } = await store.state();
      await store.insert(made((latest?.number ?? 0) + 1, 1));
      await expect(manager.query(`UPDATE audit_checkpoint SET chain_seq = chain_seq + 1`)).rejects.toThrow(/append-only|permission denied/);
    }));
});
