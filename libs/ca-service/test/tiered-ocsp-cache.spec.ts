import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { drawSerial, serialHex } from '@theqa/ca';
import { createDataSource, PostgresCertificateLedger } from '@theqa/persistence';
import { OcspStatusReader, TieredOcspCache } from '../src';

// Two instances (two readers, two caches) sharing one PostgreSQL, as two platform processes would.
describe('pre-signed OCSP answers shared through PostgreSQL', () => {
  let dataSource: DataSource;
  let ledger: PostgresCertificateLedger;
  const issuer = 'citizen-authentication-ca';
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    await dataSource.initialize();
    ledger = new PostgresCertificateLedger(dataSource);
  });
  afterAll(() => dataSource.destroy());

  async function goodCertificate(): Promise<string> {
    const serial = serialHex(drawSerial());
    await ledger.reserve({ serialHex: serial, issuer, profile: 'device-authentication', subject: 'CN=t', keyAlgorithm: 'ec-p256', spkiSha256: createHash('sha256').update(serial).digest(), notBefore: new Date(0), notAfter: new Date(4e12) });
    await ledger.complete(serial, Buffer.from('3000', 'hex'), new Date());
    return serial;
  }

  function instance(freshnessMs = 10) {
    const reader = new OcspStatusReader(dataSource);
    return { reader, cache: new TieredOcspCache(dataSource, reader, { freshnessMs }) };
  }

  /** Read then store, as the responder does; retried if another test's status change slipped in between. */
  async function readAndStore(node: ReturnType<typeof instance>, serial: string, variants: string[], der: Buffer) {
    for (let attempt = 0; attempt < 5; attempt++) {
      await node.reader.read(issuer, serial);
      for (const variant of variants) await node.cache.put({ issuerName: issuer, serialHex: serial.toLowerCase(), variant }, der, new Date(Date.now() + 3_600_000));
      const stored = await dataSource.query(`SELECT variant FROM ca_ocsp_response WHERE serial_hex = $1`, [serial]);
      if (stored.length === variants.length) return;
      await wait(20);
    }
    throw new Error('answers were never stored');
  }

  it('one status read stores both CertID encodings; another instance finds them', async () => {
    const serial = await goodCertificate();
    expect(await instance().reader.read(issuer, serial.toLowerCase())).toEqual({ kind: 'good' });
    const a = instance();
    await readAndStore(a, serial, ['sha1', 'sha256'], Buffer.from('good-answer'));
    const b = instance();
    await expect(b.cache.get({ issuerName: issuer, serialHex: serial.toLowerCase(), variant: 'sha256' })).resolves.toMatchObject({ der: Buffer.from('good-answer') });
  });

  it('a revocation by anyone drops the answers from every instance, memory included', async () => {
    const serial = await goodCertificate();
    const a = instance();
    const b = instance();
    await readAndStore(a, serial, ['sha1'], Buffer.from('good-answer'));
    const key = { issuerName: issuer, serialHex: serial.toLowerCase(), variant: 'sha1' };
    await expect(b.cache.get(key)).resolves.toBeDefined(); // now in b's memory too
    await ledger.changeStatus({ serialHex: serial, from: ['good'], to: 'revoked', reason: 1, actor: 'test' });
    await wait(15);
    await expect(a.cache.get(key)).resolves.toBeUndefined();
    await expect(b.cache.get(key)).resolves.toBeUndefined();
    await expect(b.reader.read(issuer, serial)).resolves.toMatchObject({ kind: 'revoked', reason: 1 });
  });

  it('an answer signed from a read that predates a status change is never stored', async () => {
    const serial = await goodCertificate();
    const a = instance();
    await a.reader.read(issuer, serial); // reads "good"
    await ledger.changeStatus({ serialHex: serial, from: ['good'], to: 'revoked', reason: 1, actor: 'test' });
    await a.cache.put({ issuerName: issuer, serialHex: serial.toLowerCase(), variant: 'sha1' }, Buffer.from('stale-good'), new Date(Date.now() + 3_600_000), { replace: true });
    await expect(dataSource.query(`SELECT 1 FROM ca_ocsp_response WHERE serial_hex = $1`, [serial])).resolves.toEqual([]);
    await wait(15);
    await expect(a.cache.get({ issuerName: issuer, serialHex: serial.toLowerCase(), variant: 'sha1' })).resolves.toBeUndefined();
  });

  it('peek answers from memory without I/O while the epoch view is fresh, and never after a status change', async () => {
    const serial = await goodCertificate();
    // A window wide enough that a loaded CI machine's epoch read cannot outlast it before the first peek.
    const a = instance(400);
    const key = { issuerName: issuer, serialHex: serial.toLowerCase(), variant: 'sha1' };
    await readAndStore(a, serial, ['sha1'], Buffer.from('good-answer'));
    await a.cache.get(key); // reads the epoch, remembers the row
    expect(a.cache.peek(key)?.der).toEqual(Buffer.from('good-answer'));
    await ledger.changeStatus({ serialHex: serial, from: ['good'], to: 'revoked', reason: 1, actor: 'test' });
    await wait(450); // past freshnessMs: peek says nothing until the epoch is read again
    expect(a.cache.peek(key)).toBeUndefined();
    await expect(a.cache.get(key)).resolves.toBeUndefined();
    expect(a.cache.peek(key)).toBeUndefined();
  });

  it('an unknown serial, or one of another CA, is unknown', async () => {
    const serial = await goodCertificate();
    const { reader } = instance();
    await expect(reader.read('citizen-signing-ca', serial)).resolves.toBeUndefined();
    await expect(reader.read(issuer, 'ABCDEF')).resolves.toBeUndefined();
  });
});
