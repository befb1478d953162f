import { Administration, AdministrationError, AdministratorRoster, type ActionExecutors, type Administrator } from './index';
import { MemoryAuditLog, MemoryProposalStore } from './testing';

const CA_ONE = '31110001';
const CA_TWO = '31110002';
const RP = '31110003';
const SUPPORT = '31110004';
const AUDITOR = '31110005';

describe('administrative actions and four-eyes approvals', () => {
  let now = new Date('2026-03-01T08:00:00Z');
  let audit: MemoryAuditLog;
  let proposals: MemoryProposalStore;
  let executed: string[];
  let administration: Administration;
  const roster = AdministratorRoster.of({
    assignments: { 'ca-officer': [CA_ONE, CA_TWO], 'relying-party-officer': [RP], 'support-officer': [SUPPORT], auditor: [AUDITOR] },
    combinations: [],
  });
  const admin = (civilNumber: string): Administrator => roster.administrator(civilNumber)!;
  const codeOf = async (work: Promise<unknown>) => work.then(() => 'done', (error: unknown) => (error instanceof AdministrationError ? error.code : String(error)));

  beforeEach(() => {
    audit = new MemoryAuditLog();
    proposals = new MemoryProposalStore(() => now);
    executed = [];
    const executors: ActionExecutors = {
      'certificate.revoke': async ({ subject, actor }) => {
        executed.push(`revoke ${subject} by ${actor}`);
        return { revoked: subject };
      },
      'certificate.revoke-administrator': async ({ subject, actor, approver }) => {
        executed.push(`revoke ${subject} by ${actor} approved by ${approver}`);
        return { revoked: subject };
      },
      'identity.suspend': async ({ subject }) => {
        executed.push(`suspend ${subject}`);
        throw new Error('the identity store is away');
      },
    };
    administration = new Administration({ roster, fourEyes: ['certificate.revoke-administrator', 'identity.suspend'], proposalSeconds: 3600, proposals, executors, audit });
  });

  it('does an action without four eyes at once, in the audit log with the administrator', async () => {
    const done = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke', subject: 'ABCDEF', details: { reason: 'keyCompromise' } });
    expect(done).toEqual({ outcome: 'done', result: { revoked: 'ABCDEF' } });
    expect(executed).toEqual([`revoke ABCDEF by admin:${CA_ONE}`]);
    expect(audit.events).toEqual([{ action: 'admin.certificate.revoke', actor: `admin:${CA_ONE}`, subject: 'ABCDEF', details: { roles: ['ca-officer'], details: { reason: 'keyCompromise' }, result: { revoked: 'ABCDEF' } } }]);
  });

  it('refuses an action the roles do not allow, and writes the refusal', async () => {
    expect(await codeOf(administration.perform(admin(RP), { action: 'certificate.revoke', subject: 'ABCDEF' }))).toBe('forbidden');
    expect(await codeOf(administration.perform(admin(AUDITOR), { action: 'certificate.revoke', subject: 'ABCDEF' }))).toBe('forbidden');
    expect(executed).toEqual([]);
    expect(audit.events.map((e) => [e.action, e.actor, e.details?.action])).toEqual([
      ['admin.refused', `admin:${RP}`, 'certificate.revoke'],
      ['admin.refused', `admin:${AUDITOR}`, 'certificate.revoke'],
    ]);
    // An action the platform wired no executor for is not offered at all.
    expect(await codeOf(administration.perform(admin(RP), { action: 'relying-party.onboard', subject: 'x' }))).toBe('action-unavailable');
  });

  it('revoking another administrator\'s certificate is the four-eyes action; one\'s own or a citizen\'s is not', () => {
    expect(administration.revocationAction(admin(CA_ONE), CA_TWO)).toBe('certificate.revoke-administrator');
    expect(administration.revocationAction(admin(CA_ONE), CA_ONE)).toBe('certificate.revoke');
    expect(administration.revocationAction(admin(CA_ONE), '20019454')).toBe('certificate.revoke');
  });

  it('a four-eyes action by one administrator alone never takes effect: proposing, then approving one\'s own', async () => {
    const proposed = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject: '0A0B', details: { holder: CA_TWO } });
    expect(proposed.outcome).toBe('proposed');
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    expect(await codeOf(administration.approve(admin(CA_ONE), id))).toBe('proposal-own');
    expect(await codeOf(administration.reject(admin(CA_ONE), id))).toBe('proposal-own');
    // Not even by going around the service: the store's one statement refuses the proposer.
    expect(await proposals.decide(id, { by: CA_ONE, status: 'approved' })).toBeUndefined();
    expect(executed).toEqual([]);
    expect((await proposals.find(id))?.status).toBe('pending');
    // Another administrator, but whose roles do not allow the action: refused too.
    expect(await codeOf(administration.approve(admin(SUPPORT), id))).toBe('forbidden');
    expect(await codeOf(administration.approve(admin(AUDITOR), id))).toBe('forbidden');
    expect(executed).toEqual([]);
    expect(audit.events.map((e) => e.action)).toEqual(['admin.proposal.created', 'admin.refused', 'admin.refused', 'admin.refused', 'admin.refused']);
  });

  it('takes effect once a second administrator allowed to do it approves; the audit names both', async () => {
    const proposed = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject: '0A0B' });
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    const pendingForTwo = await administration.pending(admin(CA_TWO));
    expect(pendingForTwo.map((p) => [p.id, p.mayDecide])).toEqual([[id, true]]);
    expect((await administration.pending(admin(CA_ONE)))[0]).toMatchObject({ mayDecide: false, why: 'own' });
    expect((await administration.pending(admin(AUDITOR)))[0]).toMatchObject({ mayDecide: false, why: 'role' });
    const approved = await administration.approve(admin(CA_TWO), id);
    expect(approved.result).toEqual({ revoked: '0A0B' });
    expect(executed).toEqual([`revoke 0A0B by admin:${CA_ONE} approved by admin:${CA_TWO}`]);
    expect((await proposals.find(id))).toMatchObject({ status: 'executed', decidedBy: CA_TWO, outcome: { revoked: '0A0B' } });
    const action = audit.events.find((e) => e.action === 'admin.certificate.revoke-administrator')!;
    expect(action).toMatchObject({ actor: `admin:${CA_ONE}`, subject: '0A0B', details: { approver: `admin:${CA_TWO}`, proposal: id } });
    expect(audit.events.find((e) => e.action === 'admin.proposal.approved')).toMatchObject({ actor: `admin:${CA_TWO}`, details: { proposer: `admin:${CA_ONE}` } });
    expect(await administration.pending(admin(CA_TWO))).toEqual([]);
    expect(await codeOf(administration.approve(admin(CA_TWO), id))).toBe('proposal-decided');
  });

  it('of 100 approvals at once exactly one takes effect', async () => {
    const proposed = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject: '0C0D' });
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => codeOf(administration.approve(admin(CA_TWO), id))));
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'proposal-decided')).toHaveLength(99);
    expect(executed).toHaveLength(1);
  });

  it('a rejected proposal never takes effect; a lapsed one can no longer be approved', async () => {
    const first = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject: '0E0F' });
    const rejected = await administration.reject(admin(CA_TWO), first.outcome === 'proposed' ? first.proposal.id : '', 'not this one');
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: CA_TWO, reason: 'not this one' });
    expect(await codeOf(administration.approve(admin(CA_TWO), rejected.id))).toBe('proposal-decided');
    const second = await administration.perform(admin(CA_ONE), { action: 'certificate.revoke-administrator', subject: '1010' });
    now = new Date(now.getTime() + 3601_000);
    expect(await codeOf(administration.approve(admin(CA_TWO), second.outcome === 'proposed' ? second.proposal.id : ''))).toBe('proposal-expired');
    expect(executed).toEqual([]);
    expect((await administration.recent(admin(AUDITOR))).map((p) => p.subject)).toEqual(['1010', '0E0F']);
    expect(await codeOf(administration.approve(admin(CA_TWO), 'not-a-uuid'))).toBe('proposal-unknown');
  });

  it('records an approved action that failed, with the error, and says so', async () => {
    const roster2 = AdministratorRoster.of({ assignments: { 'support-officer': [SUPPORT, '31110006'] }, combinations: [] });
    const support = new Administration({ roster: roster2, fourEyes: ['identity.suspend'], proposalSeconds: 60, proposals, executors: { 'identity.suspend': async () => Promise.reject(new Error('the identity store is away')) }, audit });
    const proposed = await support.perform(roster2.administrator(SUPPORT)!, { action: 'identity.suspend', subject: '20019454' });
    const id = proposed.outcome === 'proposed' ? proposed.proposal.id : '';
    await expect(support.approve(roster2.administrator('31110006')!, id)).rejects.toMatchObject({ name: 'AdministrationError', code: 'action-failed', message: 'the identity store is away' });
    expect(await proposals.find(id)).toMatchObject({ status: 'failed', outcome: { error: 'the identity store is away' } });
    expect(audit.events.at(-1)).toMatchObject({ action: 'admin.proposal.failed', actor: `admin:${SUPPORT}`, details: { approver: 'admin:31110006' } });
  });

  it('records logins, refused logins and actions other services carried out', async () => {
    await administration.recordLogin(AUDITOR, 'accepted', { acr: 'high' });
    await administration.recordLogin('20019454', 'not-administrator');
    await administration.record(admin(AUDITOR), 'audit.export', 'seq 1-10');
    expect(await codeOf(administration.record(admin(RP), 'audit.export', 'seq 1-10'))).toBe('forbidden');
    expect(audit.events.map((e) => [e.action, e.actor])).toEqual([
      ['admin.login', `admin:${AUDITOR}`],
      ['admin.login-refused', 'admin:20019454'],
      ['admin.audit.export', `admin:${AUDITOR}`],
      ['admin.refused', `admin:${RP}`],
    ]);
  });
});
