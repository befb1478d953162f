import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Administration, AdministrationError, AdministratorRoster } from '@theqa/administration';
import { createDataSource, PostgresAuditLog, PostgresProposalStore } from '../src';

/**
 * Four-eyes proposals on PostgreSQL (PGlite in `npm test`, a real server under tools/ci/with-postgres.sh):
 * a proposal is decided by one statement, so 100 approvals at once carry the action out exactly once,
 * and its proposer never decides it — not through the service, not through the store, not by SQL.
 * Civil numbers 3111xxxx are this suite's (no registry person; the table keeps no reference to identities).
 */
describe('four-eyes proposals on PostgreSQL', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let store: PostgresProposalStore;
  let executed: string[];
  let administration: Administration;
  const tag = randomBytes(3).toString('hex');
  const CA_ONE = '31119001';
  const CA_TWO = '31119002';
  const roster = AdministratorRoster.of({ assignments: { 'ca-officer': [CA_ONE, CA_TWO], auditor: ['31119003'] }, combinations: [] });
  const admin = (civilNumber: string) => roster.administrator(civilNumber)!;
  const codeOf = (work: Promise<unknown>) => work.then(() => 'done', (error: unknown) => (error instanceof AdministrationError ? error.code : String(error)));

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 8 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    store = new PostgresProposalStore(dataSource);
    executed = [];
    administration = new Administration({
      roster,
      fourEyes: ['certificate.revoke-administrator'],
      proposalSeconds: 3600,
      proposals: store,
      executors: { 'certificate.revoke-administrator': async ({ subject, approver }) => void executed.push(`${subject} ${approver}`) },
      audit,
    });
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  const propose = async (subject: string) => {
    const performed = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject, details: { reason: 'keyCompromise', note: 'كلمة' } });
    if (performed.outcome !== 'proposed') throw new Error('not proposed');
    return performed.proposal;
  };

  it('keeps a proposal as proposed: action, subject, details, proposer and roles, lapsing later', async () => {
    const proposal = await propose(`A1${tag}`);
    const found = await store.find(proposal.id);
    expect(found).toMatchObject({ action: 'certificate.revoke-administrator', subject: `A1${tag}`, details: { reason: 'keyCompromise', note: 'كلمة' }, proposer: CA_ONE, proposerRoles: ['ca-officer'], status: 'pending' });
    expect(found!.expiresAt.getTime() - found!.createdAt.getTime()).toBe(3600_000);
    expect((await store.pending(1000)).map((p) => p.id)).toContain(proposal.id);
  });

  it('of 100 approvals at once exactly one takes effect', async () => {
    const proposal = await propose(`B2${tag}`);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => codeOf(administration.approve(admin(CA_TWO), proposal.id))));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'done').every((o) => o === 'proposal-decided')).toBe(true);
    expect(executed.filter((e) => e.startsWith(`B2${tag}`))).toEqual([`B2${tag} admin:${CA_TWO}`]);
    expect(await store.find(proposal.id)).toMatchObject({ status: 'executed', decidedBy: CA_TWO });
    await audit.flush();
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'admin.certificate.revoke-administrator' AND subject = $1 AND details::jsonb ->> 'approver' = $2`, [`B2${tag}`, `admin:${CA_TWO}`]);
    expect(n).toBe(1);
  });

  it('never lets the proposer decide alone, even 100 times at once, nor through SQL', async () => {
    const proposal = await propose(`C3${tag}`);
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => codeOf(administration.approve(admin(CA_ONE), proposal.id))));
    expect(new Set(outcomes)).toEqual(new Set(['proposal-own']));
    expect(await store.decide(proposal.id, { by: CA_ONE, status: 'approved' })).toBeUndefined();
    await expect(dataSource.query(`UPDATE admin_proposal SET status = 'approved', decided_by = proposer, decided_at = now() WHERE id = $1`, [proposal.id])).rejects.toThrow(/check constraint/);
    expect(await store.find(proposal.id)).toMatchObject({ status: 'pending' });
    expect(executed.some((e) => e.startsWith(`C3${tag}`))).toBe(false);
  });

  it('lets a lapsed proposal be decided by no one', async () => {
    const proposal = await propose(`D4${tag}`);
    await dataSource.query(`UPDATE admin_proposal SET expires_at = now() - interval '1 second' WHERE id = $1`, [proposal.id]);
    expect(await codeOf(administration.approve(admin(CA_TWO), proposal.id))).toBe('proposal-expired');
    expect((await store.pending(1000)).map((p) => p.id)).not.toContain(proposal.id);
    expect((await store.recent(1000)).map((p) => p.id)).toContain(proposal.id);
  });

  it('keeps a rejection with its reason', async () => {
    const proposal = await propose(`E5${tag}`);
    await administration.reject(admin(CA_TWO), proposal.id, 'wrong certificate');
    expect(await store.find(proposal.id)).toMatchObject({ status: 'rejected', decidedBy: CA_TWO, reason: 'wrong certificate' });
    expect(await codeOf(administration.approve(admin(CA_TWO), proposal.id))).toBe('proposal-decided');
  });
});
