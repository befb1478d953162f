import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { GENESIS_HASH, linkEvents, type AuditRecord } from './audit-chain';
import { checkpointDigest, type AuditCheckpoint } from './checkpoint';
import { AuditCheckpointWriter, type CheckpointSigningKey, type CheckpointStore } from './checkpoint-writer';
import { verifyAuditTrail, type AuditTrust } from './audit-verification';

/** A TSA stand-in: a token is the imprint and a time under an HMAC only the trust below can check. */
const TSA_SECRET = Buffer.from('tsa stand-in');
const stamp = (imprint: Buffer, at = new Date()) => {
  const body = Buffer.from(JSON.stringify({ imprint: imprint.toString('hex'), at: at.toISOString() }));
  return Buffer.concat([createHmac('sha256', TSA_SECRET).update(body).digest(), body]);
};

function checkpointKey(label = 'audit-checkpoint-1'): CheckpointSigningKey & { privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    label,
    signatureAlgorithm: 'ecdsa-with-SHA256',
    publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }),
    privateKey,
    sign: async (data) => sign('sha256', data, privateKey),
  };
}

/** The database as its owner sees it: rows anyone with full control may rewrite. */
class Database implements CheckpointStore {
  records: AuditRecord[] = [];
  head: { seq: number; hash: Buffer } | undefined = { seq: 0, hash: GENESIS_HASH };
  checkpoints: AuditCheckpoint[] = [];

  append(count: number, at = new Date()) {
    const records = linkEvents(this.head!, Array.from({ length: count }, (_, i) => ({ action: 'test.appended', actor: 'test', subject: 's', details: { i } })), at);
    this.records.push(...records);
    this.head = { seq: records[records.length - 1].seq, hash: records[records.length - 1].hash };
  }
  async state() {
    return { head: this.head, latest: this.checkpoints[this.checkpoints.length - 1] };
  }
  async insert(checkpoint: AuditCheckpoint) {
    if (this.checkpoints.some((c) => c.number === checkpoint.number)) return false;
    this.checkpoints.push(checkpoint);
    return true;
  }
  trail() {
    return { records: this.records, head: this.head, checkpoints: this.checkpoints };
  }
}

describe('audit checkpoints and their verification', () => {
  const key = checkpointKey();
  const trust: AuditTrust = {
    checkpointKey: async (label) => (label === key.label ? key.publicKeySpki : undefined),
    verifyTimeStamp: (token, imprint) => {
      const body = token.subarray(32);
      if (!createHmac('sha256', TSA_SECRET).update(body).digest().equals(token.subarray(0, 32))) throw new Error('bad TSA signature');
      const parsed = JSON.parse(body.toString());
      if (parsed.imprint !== imprint.toString('hex')) throw new Error('the token stamps another imprint');
      return { genTime: new Date(parsed.at) };
    },
  };
  const writer = (db: Database, signingKey: CheckpointSigningKey = key) =>
    new AuditCheckpointWriter({ store: db, key: async () => signingKey, timeStamper: async () => ({ timeStamp: async (imprint) => stamp(imprint) }) });

  /** 30 entries, checkpointed at 10 and 20, and 5 more after. */
  async function checkpointedLog(): Promise<Database> {
    const db = new Database();
    const w = writer(db);
    db.append(10);
    await w.checkpoint();
    db.append(10);
    await w.checkpoint();
    db.append(5);
    return db;
  }

  it('checkpoints only when the head moved, numbered and linked', async () => {
    const db = new Database();
    const w = writer(db);
    await expect(w.checkpoint()).resolves.toBeUndefined(); // an empty log
    db.append(3);
    const first = await w.checkpoint();
    expect(first).toMatchObject({ number: 1, chainSeq: 3, keyLabel: 'audit-checkpoint-1' });
    await expect(w.checkpoint()).resolves.toBeUndefined();
    db.append(1);
    const second = await w.checkpoint();
    expect(second).toMatchObject({ number: 2, chainSeq: 4 });
    expect(second!.previous.equals(checkpointDigest(first!))).toBe(true);
  });

  it('stays one numbered chain when two instances checkpoint at once', async () => {
    const db = new Database();
    const [a, b] = [writer(db), writer(db)];
    for (let round = 0; round < 5; round++) {
      db.append(2);
      await Promise.all([a.checkpoint(), b.checkpoint(), a.checkpoint(), b.checkpoint()]);
    }
    expect(db.checkpoints.map((c) => c.number)).toEqual([1, 2, 3, 4, 5]);
    await expect(verifyAuditTrail(db.trail(), trust)).resolves.toMatchObject({ ok: true, vouchedThrough: 10, failures: [] });
  });

  it('vouches for a checkpointed log and warns about the entries after the latest checkpoint', async () => {
    const result = await verifyAuditTrail((await checkpointedLog()).trail(), trust);
    expect(result).toMatchObject({ ok: true, entries: 25, vouchedThrough: 20, firstUnvouched: 21, failures: [], checkpoints: { total: 2, latest: { number: 2, seq: 20 } } });
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'not-checkpointed', message: expect.stringMatching(/^entries after #20 are not covered by a checkpoint yet \(#21–#25, since /) })]);
  });

  it('detects a truncation before the latest checkpoint, even with the head moved back', async () => {
    const db = await checkpointedLog();
    db.records = db.records.slice(0, 15);
    db.head = { seq: 15, hash: db.records[14].hash };
    const result = await verifyAuditTrail(db.trail(), trust);
    expect(result).toMatchObject({ ok: false, vouchedThrough: 10, firstUnvouched: 11 });
    expect(result.failures).toEqual([expect.objectContaining({ code: 'log-truncated', message: 'checkpoint #2 vouches for entry #20 but the log ends at #15: entries #16–#20 were deleted' })]);
  });

  it('detects the tail deleted with the head left as it was', async () => {
    const db = await checkpointedLog();
    db.records = db.records.slice(0, 22);
    const result = await verifyAuditTrail(db.trail(), trust);
    expect(result.failures).toEqual([expect.objectContaining({ code: 'head-ahead', seq: 23, message: expect.stringContaining('entries #23–#25 were deleted') })]);
  });

  it('detects a rewrite with every later hash recomputed', async () => {
    const db = await checkpointedLog();
    // Entry #12 rewritten, then the chain re-linked from there: the chain itself holds.
    const kept = db.records.slice(0, 11);
    const rewritten = linkEvents({ seq: 11, hash: kept[10].hash }, db.records.slice(11).map((r, i) => ({ action: r.action, actor: r.actor, subject: r.subject, details: i === 0 ? { i: 'forged' } : JSON.parse(r.details) })), new Date());
    db.records = [...kept, ...rewritten];
    db.head = { seq: 25, hash: rewritten[rewritten.length - 1].hash };
    const result = await verifyAuditTrail(db.trail(), trust);
    expect(result).toMatchObject({ ok: false, vouchedThrough: 10, firstUnvouched: 11 });
    expect(result.failures).toEqual([expect.objectContaining({ code: 'chain-differs', seq: 11, checkpoint: 2, message: expect.stringMatching(/^entry #11–#20 differs from the checkpointed chain/) })]);
  });

  it('detects a deleted row', async () => {
    const db = await checkpointedLog();
    db.records.splice(4, 1);
    const result = await verifyAuditTrail(db.trail(), trust);
    expect(result).toMatchObject({ ok: false, vouchedThrough: 0, firstUnvouched: 1 });
    expect(result.failures[0]).toMatchObject({ code: 'chain-broken', seq: 6, message: expect.stringContaining('entries are missing') });
  });

  it('detects deleted, altered, forged and mis-stamped checkpoints', async () => {
    const deleted = await checkpointedLog();
    deleted.checkpoints.splice(0, 1);
    expect((await verifyAuditTrail(deleted.trail(), trust)).failures).toEqual([expect.objectContaining({ code: 'checkpoint-missing', message: 'checkpoint #1 is missing (deleted)' })]);

    const altered = await checkpointedLog();
    altered.checkpoints[0] = { ...altered.checkpoints[0], chainSeq: 9, chainHash: altered.records[8].hash };
    const alteredResult = await verifyAuditTrail(altered.trail(), trust);
    expect(alteredResult.failures.map((f) => f.code)).toEqual(['checkpoint-signature', 'checkpoint-unlinked']);
    expect(alteredResult.vouchedThrough).toBe(0);

    // Everything rewritten and re-checkpointed by the attacker's own key: its checkpoints are not the key store's.
    const forged = new Database();
    forged.append(25);
    await writer(forged, checkpointKey()).checkpoint();
    expect((await verifyAuditTrail(forged.trail(), trust)).failures).toEqual([expect.objectContaining({ code: 'checkpoint-key-unknown', message: expect.stringContaining('not the key store') })]);

    const backdated = await checkpointedLog();
    const late = backdated.checkpoints[1];
    backdated.checkpoints[1] = { ...late, timeStampToken: stamp(Buffer.alloc(32)) };
    expect((await verifyAuditTrail(backdated.trail(), trust)).failures).toEqual([expect.objectContaining({ code: 'checkpoint-time-stamp', checkpoint: 2 })]);
  });

  it('detects the latest checkpoints deleted when the auditor recorded one', async () => {
    const db = await checkpointedLog();
    const recorded = { number: 2, digest: checkpointDigest(db.checkpoints[1]).toString('hex') };
    db.checkpoints.pop();
    db.records = db.records.slice(0, 10);
    db.head = { seq: 10, hash: db.records[9].hash };
    await expect(verifyAuditTrail(db.trail(), trust)).resolves.toMatchObject({ ok: true }); // what nothing in the database can show
    const result = await verifyAuditTrail(db.trail(), trust, { known: [recorded] });
    expect(result.failures).toEqual([expect.objectContaining({ code: 'known-checkpoint-missing', message: 'checkpoint #2, which you recorded, is missing (deleted)' })]);
  });

  it('refuses to checkpoint on top of a head that contradicts the latest checkpoint', async () => {
    const db = await checkpointedLog();
    db.head = { seq: 15, hash: db.records[14].hash };
    await expect(writer(db).checkpoint()).rejects.toThrow('the audit chain head (#15) contradicts checkpoint #2 (entry #20)');
    db.head = { seq: 20, hash: db.records[18].hash };
    await expect(writer(db).checkpoint()).rejects.toThrow(/contradicts checkpoint #2/);
    expect(db.checkpoints).toHaveLength(2);
  });

  it('detects a missing head row', async () => {
    const db = await checkpointedLog();
    db.head = undefined;
    expect((await verifyAuditTrail(db.trail(), trust)).failures).toEqual([expect.objectContaining({ code: 'head-missing' })]);
  });

  it('writes a last checkpoint when stopped, and checkpoints on its timer', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const db = new Database();
      const w = writer(db);
      w.start(60_000);
      db.append(2);
      await jest.advanceTimersByTimeAsync(60_000);
      expect(db.checkpoints.map((c) => c.chainSeq)).toEqual([2]);
      await jest.advanceTimersByTimeAsync(60_000); // the head did not move
      expect(db.checkpoints).toHaveLength(1);
      db.append(1);
      await expect(w.stop()).resolves.toMatchObject({ number: 2, chainSeq: 3 });
      db.append(1);
      await jest.advanceTimersByTimeAsync(120_000); // stopped: no timer
      expect(db.checkpoints).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
