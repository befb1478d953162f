import { GENESIS_HASH, linkEvents, verifyAuditChain, type AuditRecord } from './audit-chain';

const events = [
  { action: 'certificate.issued', actor: 'cli:admin', subject: 'AB01', details: { profile: 'device-authentication', b: 2, a: 1 } },
  { action: 'certificate.revoked', actor: 'admin:fatma', subject: 'AB01', details: { reason: 'keyCompromise' } },
  { action: 'enrolment.completed', actor: 'citizen:12345678', subject: '12345678' },
];

function chain(): AuditRecord[] {
  return linkEvents({ seq: 0, hash: GENESIS_HASH }, events, new Date('2026-11-22T08:00:00.123Z'));
}

describe('audit chain', () => {
  it('links each entry to the one before and verifies end to end', async () => {
    const records = chain();
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0].prevHash.equals(GENESIS_HASH)).toBe(true);
    expect(records[1].prevHash.equals(records[0].hash)).toBe(true);
    await expect(verifyAuditChain(records)).resolves.toMatchObject({ ok: true, checked: 3, head: { seq: 3, hash: records[2].hash.toString('hex') } });
  });

  it('names the first altered entry', async () => {
    const records = chain();
    records[1] = { ...records[1], details: '{"reason":"superseded"}' };
    await expect(verifyAuditChain(records)).resolves.toMatchObject({ ok: false, checked: 1, firstBroken: { seq: 2, reason: expect.stringContaining('altered') } });
  });

  it('names a deleted entry', async () => {
    const records = chain();
    records.splice(1, 1);
    await expect(verifyAuditChain(records)).resolves.toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringContaining('missing') } });
  });

  it('detects an entry rewritten with a recomputed hash (its successor no longer links)', async () => {
    const records = chain();
    const [forged] = linkEvents({ seq: 1, hash: records[0].hash }, [{ ...events[1], details: { reason: 'superseded' } }], records[1].occurredAt);
    records[1] = forged;
    await expect(verifyAuditChain(records)).resolves.toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it('refuses malformed events', () => {
    expect(() => linkEvents({ seq: 0, hash: GENESIS_HASH }, [{ action: 'Revoke!', actor: 'x', subject: 'y' }], new Date())).toThrow(/dotted/);
    expect(() => linkEvents({ seq: 0, hash: GENESIS_HASH }, [{ action: 'a.b', actor: '', subject: 'y' }], new Date())).toThrow(/actor/);
  });
});
