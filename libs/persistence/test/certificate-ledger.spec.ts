import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CaError, serialHex, drawSerial } from '@theqa/ca';
import { createDataSource, PostgresCertificateLedger } from '../src';

describe('the certificate ledger on PostgreSQL', () => {
  let dataSource: DataSource;
  let ledger: PostgresCertificateLedger;
  const issuer = `test-issuer-${randomBytes(4).toString('hex')}`;

  const pending = (serial = serialHex(drawSerial())) => ({
    serialHex: serial,
    issuer,
    profile: 'device-authentication',
    subject: 'C=OM, CN=Test',
    civilNumber: '12345678',
    keyAlgorithm: 'ec-p256',
    spkiSha256: createHash('sha256').update(serial).digest(),
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2099-01-01T00:00:00Z'),
  });

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 4 });
    await dataSource.initialize();
    ledger = new PostgresCertificateLedger(dataSource);
  });
  afterAll(() => dataSource.destroy());

  it('reserves, completes and finds a certificate', async () => {
    const record = pending();
    await ledger.reserve(record);
    await expect(ledger.find(record.serialHex)).resolves.toMatchObject({ status: 'pending', der: undefined });
    await ledger.complete(record.serialHex, Buffer.from('3000', 'hex'), new Date());
    await expect(ledger.find(record.serialHex)).resolves.toMatchObject({ status: 'good', civilNumber: '12345678', der: Buffer.from('3000', 'hex') });
    await expect(ledger.complete(record.serialHex, Buffer.from('3000', 'hex'), new Date())).rejects.toThrow(/not pending/);
  });

  it('refuses a second reservation of a serial with serial-collision, by the primary key', async () => {
    const record = pending();
    await ledger.reserve(record);
    const error = await ledger.reserve(record).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaError);
    expect((error as CaError).code).toBe('serial-collision');
  });

  it('the schema accepts exactly the serials of ^[0-9A-F]{2,40}$', async () => {
    const serials = ['AB', '0'.repeat(40), 'A', 'A'.repeat(41), 'ab12', 'G1', '12 34', 'ÄB', '0F\n', '', '\nAB'];
    // The installed check, evaluated on each string (inserting them would need unique serials for ever).
    const [{ check }] = await dataSource.query(`SELECT pg_get_constraintdef(oid) AS check FROM pg_constraint WHERE conname = 'ca_certificate_serial_hex_check'`);
    const expression = /^CHECK \((.*)\)$/s.exec(check)?.[1];
    const rows: Array<{ s: string; ok: boolean }> = await dataSource.query(`SELECT serial_hex AS s, ${expression} AS ok FROM unnest($1::text[]) WITH ORDINALITY AS v(serial_hex, n) ORDER BY n`, [serials]);
    expect(rows.map((r) => r.ok)).toEqual(serials.map((s) => /^[0-9A-F]{2,40}$/.test(s)));
    await expect(ledger.reserve(pending('G1'))).rejects.toThrow(/ca_certificate_serial_hex_check/);
  });

  it('concurrent reservations of one serial: exactly one wins', async () => {
    const serial = serialHex(drawSerial());
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => ledger.reserve(pending(serial))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });

  it('changes status only from the states named, and lists revocations for the CRL', async () => {
    const record = pending();
    await ledger.reserve(record);
    await ledger.complete(record.serialHex, Buffer.from('3000', 'hex'), new Date());
    const held = await ledger.changeStatus({ serialHex: record.serialHex, from: ['good'], to: 'on-hold', reason: 6, actor: 'test' });
    expect(held).toMatchObject({ status: 'on-hold', revocationReason: 6 });
    expect(await ledger.changeStatus({ serialHex: record.serialHex, from: ['good'], to: 'revoked', reason: 1, actor: 'test' })).toBeUndefined();
    const revokedAt = new Date('2026-11-01T10:00:00Z');
    const revoked = await ledger.changeStatus({ serialHex: record.serialHex, from: ['good', 'on-hold'], to: 'revoked', reason: 1, revokedAt, invalidityDate: new Date('2026-10-30T00:00:00Z'), actor: 'test' });
    expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 1, revokedAt, invalidityDate: new Date('2026-10-30T00:00:00Z') });
    const entries = [];
    for await (const entry of ledger.revokedEntries(issuer, new Date())) entries.push(entry);
    expect(entries.map((e) => e.serialHex)).toContain(record.serialHex);
  });

  it('a status change bumps the epoch and drops the pre-signed OCSP answers of that certificate in the same statement', async () => {
    const record = pending();
    await ledger.reserve(record);
    await ledger.complete(record.serialHex, Buffer.from('3000', 'hex'), new Date());
    await dataSource.query(`INSERT INTO ca_ocsp_response (serial_hex, variant, issuer, der, next_update) VALUES ($1, 'sha1', $2, '\\x30', now() + interval '1 hour')`, [record.serialHex, issuer]);
    const before = await ledger.statusEpoch();
    await ledger.changeStatus({ serialHex: record.serialHex, from: ['good'], to: 'revoked', reason: 1, actor: 'test' });
    expect(await ledger.statusEpoch()).toBeGreaterThan(before);
    await expect(dataSource.query(`SELECT 1 FROM ca_ocsp_response WHERE serial_hex = $1`, [record.serialHex])).resolves.toEqual([]);
  });

  it('revokes reservations that never completed', async () => {
    const record = pending();
    await ledger.reserve(record);
    const revoked = await ledger.revokeAbandonedReservations(new Date(Date.now() + 1000), issuer);
    expect(revoked).toContain(record.serialHex);
    await expect(ledger.find(record.serialHex)).resolves.toMatchObject({ status: 'revoked', revocationReason: 5 });
  });
  it('concurrent reservations go out together, and each still gets its own answer', async () => {
    const taken = pending();
    await ledger.reserve(taken);
    const twin = serialHex(drawSerial());
    const fresh = Array.from({ length: 20 }, () => pending());
    const statements = countStatements(/INSERT INTO ca_certificate/);
    const outcomes = await Promise.allSettled([...fresh, pending(taken.serialHex), pending(twin), pending(twin)].map((c) => ledger.reserve(c)));
    statements.stop();
    expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
    const collision = outcomes[20] as PromiseRejectedResult;
    expect(collision.reason).toBeInstanceOf(CaError);
    expect((collision.reason as CaError).code).toBe('serial-collision');
    expect(outcomes.slice(21).map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    // The first reservation goes out at once; the 22 that arrive meanwhile share the next statement.
    expect(statements.count).toBeLessThanOrEqual(2);

    // A row the table refuses (CHECK not_after > not_before) fails alone, not the rows beside it.
    const broken = { ...pending(), notAfter: new Date('2025-01-01T00:00:00Z') };
    const neighbours = [pending(), pending(), pending()];
    const mixed = await Promise.allSettled([pending(), broken, ...neighbours].map((c) => ledger.reserve(c)));
    expect(mixed[1]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: '23514' }) });
    expect(mixed.filter((o) => o.status === 'fulfilled')).toHaveLength(4);
    const rows: Array<{ serial_hex: string; status: string }> = await dataSource.query(`SELECT serial_hex, status FROM ca_certificate WHERE serial_hex = ANY($1::text[])`, [
      [...fresh.map((c) => c.serialHex), ...neighbours.map((c) => c.serialHex), twin, broken.serialHex],
    ]);
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
  });

  it('concurrent completions share an UPDATE; one that is not pending fails alone', async () => {
    const records = Array.from({ length: 10 }, () => pending());
    await Promise.all(records.map((c) => ledger.reserve(c)));
    const outcomes = await Promise.allSettled([
      ...records.map((c, i) => ledger.complete(c.serialHex, Buffer.from([0x30, i]), new Date())),
      ledger.complete(serialHex(drawSerial()), Buffer.from('3000', 'hex'), new Date()),
    ]);
    expect(outcomes.slice(0, 10).every((o) => o.status === 'fulfilled')).toBe(true);
    expect(outcomes[10]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/not pending/) }) });
    for (const [i, c] of records.entries()) await expect(ledger.find(c.serialHex)).resolves.toMatchObject({ status: 'good', der: Buffer.from([0x30, i]) });
  });

  /** Counts the statements matching `pattern` that this test's DataSource sends. */
  function countStatements(pattern: RegExp) {
    const original = dataSource.query.bind(dataSource);
    const counter = { count: 0, stop: () => (dataSource.query = original) };
    dataSource.query = ((sql: string, ...rest: unknown[]) => {
      if (pattern.test(sql)) counter.count++;
      return (original as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
    }) as typeof dataSource.query;
    return counter;
  }
});
