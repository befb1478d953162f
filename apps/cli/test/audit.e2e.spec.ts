import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpointWriter, chainHash, checkpointDigest, verifyAuditChain, type AuditCheckpoint, type AuditRecord } from '@theqa/audit';
import { createLogger } from '@theqa/http-shell';
import { createDataSource, readAuditChain, readAuditCheckpoints } from '@theqa/persistence';
import { loadConfiguration, PlatformServices } from '@theqa/platform';
import { freePort, PlatformProcess, run, tempDir, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { scratchDatabase, type ScratchDatabase } from './scratch-database';

const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

/**
 * `npx theqa audit verify` against someone in full control of the database (its owner, triggers off):
 * on a database of its own, with a CA hierarchy and key store of its own, because every test here
 * rewrites the whole log and puts it back afterwards.
 */
describe('the audit log against its database’s owner', () => {
  let scratch: ScratchDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let owner: DataSource;
  const opened: PlatformServices[] = [];

  const open = async (extra: NodeJS.ProcessEnv = {}) => {
    const services = await PlatformServices.open(loadConfiguration({ ...env, ...extra }), { logger: createLogger({ level: 'warn' }), actor: 'test', applicationName: 'theqa-audit-e2e', poolSize: 4 });
    opened.push(services);
    return services;
  };
  const append = (services: PlatformServices, count: number, subject = 'e2e') =>
    Promise.all(Array.from({ length: count }, (_, i) => services.audit.append({ action: 'test.recorded', actor: 'test', subject, details: { i } })));
  const cli = async (...args: string[]) => {
    const result = await theqaAsync(['audit', ...args], env);
    return { ...result, json: args.includes('--json') && result.stdout ? JSON.parse(result.stdout) : undefined };
  };
  const checkpoints = () => readAuditCheckpoints(owner);
  const chain = async () => {
    const records: AuditRecord[] = [];
    for await (const record of readAuditChain(owner)) records.push(record);
    return records;
  };

  beforeAll(async () => {
    scratch = await scratchDatabase();
    dir = tempDir('theqa-audit-e2e-');
    env = {
      ...process.env,
      THEQA_ENV: 'development',
      DATABASE_URL: scratch.url,
      DATABASE_MIGRATION_URL: scratch.ownerUrl,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      THEQA_DEV_DIR: path.join(dir, 'dev'),
      LOG_LEVEL: 'warn',
    };
    const services = await open();
    await services.migrate();
    await services.initialiseAuthority();
    owner = createDataSource({ url: scratch.ownerUrl, poolSize: 1 });
    await owner.initialize();
  }, 120_000);
  afterAll(async () => {
    for (const services of opened) await services.close().catch(() => undefined);
    await owner?.destroy();
    await scratch?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one numbered chain of checkpoints when two instances append and checkpoint at once', async () => {
    const [a, b] = [await open(), await open()];
    for (let round = 0; round < 4; round++) {
      await Promise.all([append(a, 15), append(b, 15), a.auditCheckpoints().checkpoint(), b.auditCheckpoints().checkpoint(), a.auditCheckpoints().checkpoint(), b.auditCheckpoints().checkpoint()]);
    }
    await Promise.all([a.auditCheckpoints().checkpoint(), b.auditCheckpoints().checkpoint()]);
    const written = await checkpoints();
    expect(written.map((c) => c.number)).toEqual(written.map((_, i) => i + 1));
    expect(written.length).toBeGreaterThanOrEqual(2);
    const [head] = await owner.query(`SELECT seq FROM audit_chain_head`);
    expect(written[written.length - 1].chainSeq).toBe(Number(head.seq));
    // The key was made on first use, once, and its making audited.
    const made = await owner.query(`SELECT subject, details FROM audit_log WHERE action = 'audit.checkpoint-key-created'`);
    expect(made).toEqual([{ subject: 'audit-checkpoint-1', details: expect.stringMatching(/"publicKeySha256":"[0-9a-f]{64}"/) }]);
    await expect(a.verifyAuditLog()).resolves.toMatchObject({ ok: true, failures: [], warnings: [] });
  }, 60_000);

  it('has the running platform checkpoint at its interval, and at shutdown', async () => {
    const services = await open();
    const covered = async (seq: number) => (await checkpoints()).some((c) => c.chainSeq >= seq);
    const waitFor = async (seq: number, ms: number) => {
      for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await covered(seq)) return true;
      return false;
    };

    const ticking = new PlatformProcess(await freePort(), { ...env, THEQA_AUDIT_CHECKPOINT_SECONDS: '1' });
    await ticking.start();
    try {
      for (let i = 0; i < 2; i++) {
        const [entry] = await append(services, 1, 'interval');
        expect(await waitFor(entry.seq, 5_000)).toBe(true);
      }
    } finally {
      expect(await ticking.stop()).toBe(0);
    }

    // The default interval (five minutes) never comes in this test: only the shutdown checkpoint can cover this entry.
    const quiet = new PlatformProcess(await freePort(), env);
    await quiet.start();
    const [last] = await append(services, 1, 'shutdown');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await covered(last.seq)).toBe(false);
    expect(await quiet.stop()).toBe(0);
    expect(await covered(last.seq)).toBe(true);
  }, 180_000);

  describe('tampered with', () => {
    let services: PlatformServices;
    let snapshot: { log: unknown[]; head: unknown[]; checkpoints: unknown[] };
    /** The two latest checkpoints, over a log with five entries after them. */
    let previous: AuditCheckpoint;
    let latest: AuditCheckpoint;
    let last: number;

    /** What the database's owner can do: anything, with the triggers off. */
    const tamper = (work: (db: EntityManager) => Promise<unknown>) =>
      owner.transaction(async (db) => {
        await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
        await db.query('ALTER TABLE audit_checkpoint DISABLE TRIGGER USER');
        await work(db);
        await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
        await db.query('ALTER TABLE audit_checkpoint ENABLE TRIGGER USER');
      });
    const moveHead = (db: EntityManager, record: AuditRecord) => db.query(`UPDATE audit_chain_head SET seq = $1, hash = $2`, [record.seq, record.hash]);
    /** What verify checked before the checkpoints: the chain alone. */
    const chainAlone = async () => verifyAuditChain(await chain());

    beforeAll(async () => {
      services = await open();
      await append(services, 10, 'before-previous');
      await services.auditCheckpoints().checkpoint();
      await append(services, 10, 'before-latest');
      await services.auditCheckpoints().checkpoint();
      await append(services, 5, 'uncovered');
      [previous, latest] = (await checkpoints()).slice(-2);
      last = latest.chainSeq + 5;
      snapshot = {
        log: await owner.query(`SELECT * FROM audit_log ORDER BY seq`),
        head: await owner.query(`SELECT * FROM audit_chain_head`),
        checkpoints: await owner.query(`SELECT * FROM audit_checkpoint ORDER BY number`),
      };
    });
    afterEach(() =>
      tamper(async (db) => {
        await db.query('DELETE FROM audit_log');
        await db.query('DELETE FROM audit_checkpoint');
        await db.query('DELETE FROM audit_chain_head');
        for (const [table, rows] of [['audit_log', snapshot.log], ['audit_chain_head', snapshot.head], ['audit_checkpoint', snapshot.checkpoints]] as const) {
          for (const row of rows as Array<Record<string, unknown>>) {
            const columns = Object.keys(row);
            await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
          }
        }
      }),
    );

    it('vouches for the checkpointed entries and warns about the five after them (exit 0)', async () => {
      const result = await cli('verify', '--json');
      expect(result.status).toBe(0);
      expect(result.json).toMatchObject({ ok: true, entries: last, vouchedThrough: latest.chainSeq, firstUnvouched: latest.chainSeq + 1, failures: [] });
      expect(result.json.warnings).toEqual([expect.objectContaining({ code: 'not-checkpointed', message: expect.stringContaining(`entries after #${latest.chainSeq} are not covered by a checkpoint yet (#${latest.chainSeq + 1}–#${last}`) })]);
      const text = await cli('verify');
      expect(text.status).toBe(0);
      expect(text.stdout).toContain(`audit log intact: ${last} entries`);
      expect(text.stdout).toContain(`latest: #${latest.number}:${checkpointDigest(latest).toString('hex')}`);
      expect(text.stdout).toContain(`warning: entries after #${latest.chainSeq} are not covered by a checkpoint yet`);
    });

    it('detects the last five rows deleted (the head no longer matches)', async () => {
      await tamper((db) => db.query(`DELETE FROM audit_log WHERE seq > $1`, [last - 5]));
      await expect(chainAlone()).resolves.toMatchObject({ ok: true });
      const result = await cli('verify', '--json');
      expect(result.status).toBe(1);
      expect(result.json.failures).toEqual([expect.objectContaining({ code: 'head-ahead', seq: last - 4, message: `the stored head is entry #${last} but the log ends at #${last - 5}: entries #${last - 4}–#${last} were deleted` })]);
      await expect(services.verifyAuditLog()).resolves.toMatchObject({ ok: false, failures: [expect.objectContaining({ code: 'head-ahead' })] });
    });

    it('detects a truncation before the latest checkpoint even with the head moved back; the tail after it is what cannot be seen', async () => {
      const records = await chain();
      // Only the uncovered tail, head moved back with it: nothing in the database contradicts it (docs/security/audit.md).
      await tamper(async (db) => {
        await db.query(`DELETE FROM audit_log WHERE seq > $1`, [latest.chainSeq]);
        await moveHead(db, records[latest.chainSeq - 1]);
      });
      await expect(cli('verify', '--json')).resolves.toMatchObject({ status: 0, json: { ok: true, warnings: [] } });

      const cut = latest.chainSeq - 3;
      await tamper(async (db) => {
        await db.query(`DELETE FROM audit_log WHERE seq > $1`, [cut]);
        await moveHead(db, records[cut - 1]);
      });
      await expect(chainAlone()).resolves.toMatchObject({ ok: true });
      const result = await cli('verify', '--json');
      expect(result.status).toBe(1);
      expect(result.json).toMatchObject({ ok: false, vouchedThrough: previous.chainSeq, firstUnvouched: previous.chainSeq + 1 });
      expect(result.json.failures).toEqual([
        expect.objectContaining({ code: 'log-truncated', message: `checkpoint #${latest.number} vouches for entry #${latest.chainSeq} but the log ends at #${cut}: entries #${cut + 1}–#${latest.chainSeq} were deleted` }),
      ]);
      await expect(services.verifyAuditLog()).resolves.toMatchObject({ ok: false, failures: [expect.objectContaining({ code: 'log-truncated' })] });
    });

    it('detects an entry rewritten with every later hash recomputed', async () => {
      const records = await chain();
      const target = previous.chainSeq + 3;
      await tamper(async (db) => {
        let prevHash = records[target - 2].hash;
        for (const record of records.slice(target - 1)) {
          const rewritten = { ...record, details: record.seq === target ? '{"i":"forged"}' : record.details, prevHash };
          rewritten.hash = chainHash(prevHash, rewritten);
          await db.query(`UPDATE audit_log SET details = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [record.seq, rewritten.details, rewritten.prevHash, rewritten.hash]);
          prevHash = rewritten.hash;
          if (record.seq === records.length) await moveHead(db, rewritten);
        }
      });
      await expect(chainAlone()).resolves.toMatchObject({ ok: true });
      const result = await cli('verify', '--json');
      expect(result.status).toBe(1);
      expect(result.json).toMatchObject({ ok: false, vouchedThrough: previous.chainSeq, firstUnvouched: previous.chainSeq + 1 });
      expect(result.json.failures).toEqual([
        expect.objectContaining({ code: 'chain-differs', checkpoint: latest.number, message: expect.stringMatching(new RegExp(`^entry #${previous.chainSeq + 1}–#${latest.chainSeq} differs from the checkpointed chain`)) }),
      ]);
      const text = await cli('verify');
      expect(text.status).toBe(1);
      expect(text.stdout).toContain(`audit log BROKEN: entry #${previous.chainSeq + 1}–#${latest.chainSeq} differs from the checkpointed chain`);
      await expect(services.verifyAuditLog()).resolves.toMatchObject({ ok: false, failures: [expect.objectContaining({ code: 'chain-differs' })] });
    });

    it('detects a deleted row', async () => {
      const gone = previous.chainSeq + 2;
      await tamper((db) => db.query(`DELETE FROM audit_log WHERE seq = $1`, [gone]));
      const result = await cli('verify', '--json');
      expect(result.status).toBe(1);
      expect(result.json.failures).toEqual([expect.objectContaining({ code: 'chain-broken', seq: gone + 1, message: expect.stringContaining(`expected entry ${gone}, found ${gone + 1}: entries are missing`) })]);
      await expect(services.verifyAuditLog()).resolves.toMatchObject({ ok: false, failures: [expect.objectContaining({ code: 'chain-broken', seq: gone + 1 })] });
    });

    it('detects deleted checkpoints: one in the middle at once, the latest ones against an auditor’s record', async () => {
      await tamper((db) => db.query(`DELETE FROM audit_checkpoint WHERE number = $1`, [previous.number]));
      const middle = await cli('verify', '--json');
      expect(middle.status).toBe(1);
      expect(middle.json.failures).toEqual([expect.objectContaining({ code: 'checkpoint-missing', message: `checkpoint #${previous.number} is missing (deleted)` })]);
      await fillBack();

      // The latest checkpoint and every entry after the one before it, head moved back: only an outside record shows it.
      const records = await chain();
      await tamper(async (db) => {
        await db.query(`DELETE FROM audit_checkpoint WHERE number = $1`, [latest.number]);
        await db.query(`DELETE FROM audit_log WHERE seq > $1`, [previous.chainSeq]);
        await moveHead(db, records[previous.chainSeq - 1]);
      });
      await expect(cli('verify', '--json')).resolves.toMatchObject({ status: 0 });
      const recorded = `${latest.number}:${checkpointDigest(latest).toString('hex')}`;
      const result = await cli('verify', '--known-checkpoint', recorded, '--json');
      expect(result.status).toBe(1);
      expect(result.json.failures).toEqual([expect.objectContaining({ code: 'known-checkpoint-missing', message: `checkpoint #${latest.number}, which you recorded, is missing (deleted)` })]);
    });

    it('refuses checkpoints re-made with a key of the attacker’s, even when the platform’s own TSA stamped them', async () => {
      const attackerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const ca = await services.authority();
      await tamper((db) => db.query('DELETE FROM audit_checkpoint'));
      const forger = new AuditCheckpointWriter({
        store: { state: async () => ({ head: { seq: last, hash: (await chain())[last - 1].hash }, latest: undefined }), insert: async (c) => (await owner.query(`INSERT INTO audit_checkpoint (number, chain_seq, chain_hash, at, previous, key_label, key_spki, signature_algorithm, signature, time_stamp_token) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING 1`, [c.number, c.chainSeq, c.chainHash, c.at.toISOString(), c.previous, c.keyLabel, c.keySpki, c.signatureAlgorithm, c.signature, c.timeStampToken])).length === 1 },
        key: async () => ({ label: 'audit-checkpoint-1', signatureAlgorithm: 'ecdsa-with-SHA256', publicKeySpki: attackerKey.publicKey.export({ format: 'der', type: 'spki' }), sign: async (data) => sign('sha256', data, attackerKey.privateKey) }),
        timeStamper: async () => ({ timeStamp: (sha256) => ca.timeStampImprint(sha256) }), // what anyone gets from /ca/tsa
      });
      await forger.checkpoint();
      const result = await cli('verify', '--json');
      expect(result.status).toBe(1);
      expect(result.json.failures).toEqual([expect.objectContaining({ code: 'checkpoint-key-unknown', checkpoint: 1, message: expect.stringContaining('not the key store') })]);
    });

    itWithOpenssl('exports checkpoints that openssl verifies alone: the signature with the saved public key, the time-stamp against the root', async () => {
      const out = path.join(dir, 'export');
      await expect(cli('export', '--out', out)).resolves.toMatchObject({ status: 0 });
      const [keyFile] = fs.readdirSync(out).filter((name) => name.startsWith('audit-checkpoint-1-') && name.endsWith('.pub.pem'));
      for (const checkpoint of [previous, latest]) {
        const base = `checkpoint-${checkpoint.number}`;
        expect(fs.readFileSync(path.join(out, `${base}.txt`), 'utf8')).toContain(`seq: ${checkpoint.chainSeq}\nhash: ${checkpoint.chainHash.toString('hex')}\n`);
        const signature = run('openssl', ['dgst', '-sha256', '-verify', keyFile, '-signature', `${base}.sig`, `${base}.txt`], { cwd: out });
        expect(signature.output).toContain('Verified OK');
        const imprint = createHash('sha256').update(fs.readFileSync(path.join(out, `${base}.sig`))).digest('hex');
        const stamp = run('openssl', ['ts', '-verify', '-digest', imprint, '-in', `${base}.tst`, '-token_in', '-CAfile', 'theqa-root-ca.pem', '-untrusted', 'theqa-tsa.pem'], { cwd: out });
        expect(stamp.output).toContain('Verification: OK');
        // node:crypto, from the public key saved with the checkpoint in the database.
        expect(verify('sha256', fs.readFileSync(path.join(out, `${base}.txt`)), { key: createPublicKey({ key: checkpoint.keySpki, format: 'der', type: 'spki' }), dsaEncoding: 'der' }, checkpoint.signature)).toBe(true);
      }
      // A statement altered by one character no longer verifies.
      fs.writeFileSync(path.join(out, 'forged.txt'), fs.readFileSync(path.join(out, `checkpoint-${latest.number}.txt`), 'utf8').replace(`seq: ${latest.chainSeq}`, `seq: ${latest.chainSeq - 1}`));
      expect(run('openssl', ['dgst', '-sha256', '-verify', keyFile, '-signature', `checkpoint-${latest.number}.sig`, 'forged.txt'], { cwd: out }).output).toContain('Verification failure');
    });

    /** Back to the snapshot in the middle of a test (afterEach does it after each). */
    async function fillBack(): Promise<void> {
      await tamper(async (db) => {
        await db.query('DELETE FROM audit_checkpoint');
        for (const row of snapshot.checkpoints as Array<Record<string, unknown>>) {
          const columns = Object.keys(row);
          await db.query(`INSERT INTO audit_checkpoint (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
        }
      });
    }
  });
});
