import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { verifyAuditChain } from '@theqa/audit';
import { createDataSource, PostgresAuditLog, readAuditChain, auditEntriesAbout } from '../src';

describe('the audit chain on PostgreSQL', () => {
  let dataSource: DataSource;
  let log: PostgresAuditLog;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    await dataSource.initialize();
    log = new PostgresAuditLog(dataSource);
  });
  afterAll(() => dataSource.destroy());

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

  it('refuses a malformed event in the producer’s own call, writing nothing', async () => {
    const before = await dataSource.query(`SELECT seq FROM audit_chain_head`);
    expect(() => log.append({ action: 'Bad Action', actor: 'test', subject: 'x' })).toThrow(/dotted/);
    expect(() => log.append({ action: 'test.bad', actor: 'test', subject: 'x', details: { at: new Date() } })).toThrow(/plain data/);
    await log.flush();
    await expect(dataSource.query(`SELECT seq FROM audit_chain_head`)).resolves.toEqual(before);
  });

  it('cannot be updated or deleted through SQL', async () => {
    await log.append({ action: 'test.protected', actor: 'test', subject: 'protected' });
    await expect(dataSource.query(`UPDATE audit_log SET actor = 'mallory' WHERE subject = 'protected'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log WHERE subject = 'protected'`)).rejects.toThrow(/append-only/);
  });

  it('names the first altered entry even when someone with superuser rights bypasses the trigger', async () => {
    const target = await log.append({ action: 'test.tampered', actor: 'test', subject: `tamper-${randomUUID()}`, details: { amount: 1 } });
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SET LOCAL session_replication_role = replica`);
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
