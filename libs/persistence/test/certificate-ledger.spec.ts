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
});
