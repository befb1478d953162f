import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { verifyAuditChain } from '@theqa/audit';
import { ownerDatabaseUrl } from '@theqa/testing';
import { createDataSource, PostgresAuditLog, readAuditChain, auditEntriesAbout } from '../src';

describe('the audit chain on PostgreSQL', () => {
  let dataSource: DataSource;
  /** The schema's owner (the superuser on the embedded database): what an attacker in control of the database is. */
  let owner: DataSource;
  let log: PostgresAuditLog;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    owner = createDataSource({ url: ownerDatabaseUrl(), poolSize: 1 });
    await Promise.all([dataSource.initialize(), owner.initialize()]);
    log = new PostgresAuditLog(dataSource);
  });
  afterAll(() => Promise.all([dataSource.destroy(), owner.destroy()]));

  it('appends concurrent events as one unbroken chain, in group commits', async () => {
    const subject = `test-${randomUUID()}`;
    const records = await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.append({ action: 'test.appended', actor: 'test', subject, details: { i } })),
    );
    const seqs = records.map((r) => r.seq).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(200);
    expect(seqs[199] - seqs[0]).toBe(199);
    const stored = await auditEntriesAbout(dataSource, subject, 500);
    expect(stored).toHaveLength(200);
    const verification = await verifyAuditChain(readAuditChain(dataSource, 97));
    expect(verification).toMatchObject({ ok: true });
    expect(verification.checked).toBeGreaterThanOrEqual(200);
  });

  it('writes an append made the moment the previous one resolves (it is not left waiting for a later one)', async () => {
    const fresh = new PostgresAuditLog(dataSource);
    await fresh.append({ action: 'test.first', actor: 'test', subject: 'sequential' });
    const second = fresh.append({ action: 'test.second', actor: 'test', subject: 'sequential' });
    const stranded = new Promise((resolve) => setTimeout(() => resolve('stranded'), 5000).unref());
    await expect(Promise.race([second.then(() => 'written'), stranded])).resolves.toBe('written');
  });

  it('keeps one chain when two logs (two instances) append in turn and at once', async () => {
    const other = new PostgresAuditLog(dataSource);
    const subject = `test-${randomUUID()}`;
    // In turn: each log's remembered head is stale every time, so each append must notice and relink.
    for (let i = 0; i < 6; i++) await (i % 2 ? other : log).append({ action: 'test.alternated', actor: 'test', subject, details: { i } });
    // At once: both group-commit against the same head.
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? other : log).append({ action: 'test.raced', actor: 'test', subject, details: { i } })));
    expect(await auditEntriesAbout(dataSource, subject, 500)).toHaveLength(66);
    const verification = await verifyAuditChain(readAuditChain(dataSource, 97));
    expect(verification).toMatchObject({ ok: true });
    const [head] = await dataSource.query(`SELECT seq FROM audit_chain_head`);
    expect(verification.head?.seq).toBe(Number(head.seq));
  });

  it('refuses a malformed event in the producer’s own call, writing nothing', async () => {
    const before = await dataSource.query(`SELECT seq FROM audit_chain_head`);
    expect(() => log.append({ action: 'Bad Action', actor: 'test', subject: 'x' })).toThrow(/dotted/);
    expect(() => log.append({ action: 'test.bad', actor: 'test', subject: 'x', details: { at: new Date() } })).toThrow(/plain data/);
    await log.flush();
    await expect(dataSource.query(`SELECT seq FROM audit_chain_head`)).resolves.toEqual(before);
  });

  it('cannot be updated or deleted through SQL, not even by its owner while the trigger is on', async () => {
    await log.append({ action: 'test.protected', actor: 'test', subject: 'protected' });
    // The application's role has no UPDATE or DELETE on it (the embedded database's only role is the superuser: the trigger answers).
    for (const db of [dataSource, owner]) {
      await expect(db.query(`UPDATE audit_log SET actor = 'mallory' WHERE subject = 'protected'`)).rejects.toThrow(/append-only|permission denied/);
      await expect(db.query(`DELETE FROM audit_log WHERE subject = 'protected'`)).rejects.toThrow(/append-only|permission denied/);
    }
  });

  it('names the first altered entry even when the database’s owner disables the trigger', async () => {
    const target = await log.append({ action: 'test.tampered', actor: 'test', subject: `tamper-${randomUUID()}`, details: { amount: 1 } });
    const runner = owner.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // Rolled back below: no other suite ever sees the change (they wait for the table lock meanwhile).
      await runner.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await runner.query(`UPDATE audit_log SET details = '{"amount":1000}' WHERE seq = $1`, [target.seq]);
      const verification = await verifyAuditChain(readAuditChain(runner.manager));
      expect(verification.ok).toBe(false);
      expect(verification.firstBroken).toEqual({ seq: target.seq, reason: expect.stringContaining('altered') });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
