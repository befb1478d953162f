import { randomBytes, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CardSignature, PreparedCardSignature } from '@theqa/signing';
import { createDataSource, PostgresCardSignatureStore } from '../src';

/** Civil numbers no registry person has (the synthetic registry's are 8 digits). */
const civilNumber = () => `9${String(randomInt(10 ** 10)).padStart(10, '0')}`;

/** Signatures with the ID card (`card_signature`): the person's own only, and one answer completes one. */
describe('card signatures on PostgreSQL', () => {
  let dataSource: DataSource;
  let store: PostgresCardSignatureStore;
  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 8 });
    await dataSource.initialize();
    store = new PostgresCardSignatureStore(dataSource);
  });
  afterAll(() => dataSource.destroy());

  const upload = async (holder: string, expiresInSeconds = 3600): Promise<CardSignature> => {
    const now = new Date();
    const signature: CardSignature = {
      id: randomBytes(16).toString('base64url'),
      civilNumber: holder,
      status: 'uploaded',
      document: { name: { ar: 'عقد', en: 'Contract' }, sha256: 'ab'.repeat(32), pages: 1, bytes: 5 },
      createdAt: now,
      expiresAt: new Date(now.getTime() + expiresInSeconds * 1000),
    };
    await store.create(signature, Buffer.from('%PDF-'));
    return signature;
  };
  const prepared: PreparedCardSignature = { certificate: Buffer.from([0x30, 0x00]), certificateSerial: '0A0B', state: { format: 'x' } as never, digest: randomBytes(32) };

  it("keeps each person's to themselves, prepares only what waits, and is taken by exactly one of a hundred answers", async () => {
    const holder = civilNumber();
    const signature = await upload(holder);
    expect(await store.find(civilNumber(), signature.id)).toBeUndefined();
    expect(await store.document(civilNumber(), signature.id)).toBeUndefined();
    expect(await store.take(holder, signature.id, new Date())).toBeUndefined();
    expect(await store.prepare(civilNumber(), signature.id, prepared, new Date())).toBe(false);
    expect(await store.prepare(holder, signature.id, prepared, new Date())).toBe(true);
    const taken = await Promise.all(Array.from({ length: 100 }, () => store.take(holder, signature.id, new Date())));
    const winners = taken.filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ signature: { id: signature.id, status: 'completing', certificateSerial: '0A0B' }, prepared: { certificateSerial: '0A0B', state: { format: 'x' } } });
    expect(winners[0]!.prepared.digest.equals(prepared.digest)).toBe(true);
    expect(await store.prepare(holder, signature.id, prepared, new Date())).toBe(false);
    await store.complete(signature.id, { pdf: Buffer.from('%PDF-signed'), sha256: 'cd'.repeat(32) }, new Date());
    expect(await store.find(holder, signature.id)).toMatchObject({ status: 'signed', signedSha256: 'cd'.repeat(32) });
    expect(String(await store.signedDocument(holder, signature.id))).toBe('%PDF-signed');
    expect(await store.signedDocument(civilNumber(), signature.id)).toBeUndefined();
  });

  it('neither prepares nor completes one whose time is up', async () => {
    const holder = civilNumber();
    const lapsed = await upload(holder, 1);
    const later = new Date(Date.now() + 5000);
    expect(await store.prepare(holder, lapsed.id, prepared, later)).toBe(false);
    const live = await upload(holder);
    expect(await store.prepare(holder, live.id, prepared, new Date())).toBe(true);
    expect(await store.take(holder, live.id, new Date(Date.now() + 7200_000))).toBeUndefined();
    expect((await store.ofPerson(holder, 10)).map((s) => s.id).sort()).toEqual([lapsed.id, live.id].sort());
  });
});
