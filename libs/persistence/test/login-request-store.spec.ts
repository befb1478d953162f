import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { LoginRequest } from '@theqa/login';
import { createDataSource, PostgresLoginRequestStore } from '../src';

/** A fresh QR code or push in place of the open ones, in one statement, unless the login is approved. */
describe('PostgresLoginRequestStore.replaceOpen', () => {
  let dataSource: DataSource;
  let store: PostgresLoginRequestStore;
  const id = () => randomBytes(12).toString('base64url');

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    store = new PostgresLoginRequestStore(dataSource);
  });
  afterAll(() => dataSource.destroy());

  function request(interaction: string, at: number): LoginRequest & { interaction: string } {
    const createdAt = new Date(Date.UTC(2026, 11, 7, 3) + at * 1000);
    return {
      id: id(),
      channel: 'qr',
      interaction,
      clientId: 'rp',
      relyingParty: { ar: 'خدمة', en: 'Service' },
      claims: ['civil_number'],
      purpose: { ar: 'غرض', en: 'Purpose' },
      acr: 'medium',
      status: 'pending',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 120_000),
      version: 0,
      code: '42',
    };
  }

  it('expires the open requests and creates the new one', async () => {
    const interaction = id();
    const first = request(interaction, 0);
    await expect(store.replaceOpen(first)).resolves.toBeUndefined();
    const claimed = { ...first, status: 'claimed' as const };
    expect(await store.save(claimed)).toBe(true);
    const second = request(interaction, 5);
    await expect(store.replaceOpen(second)).resolves.toBeUndefined();
    expect(await store.find(first.id)).toMatchObject({ status: 'expired', version: 2 });
    expect(await store.find(second.id)).toMatchObject({ status: 'pending', version: 0, code: '42', createdAt: second.createdAt });
    expect((await store.latestOfInteraction(interaction))?.id).toBe(second.id);
  });

  it('returns the approved request and changes nothing once the newest is approved', async () => {
    const interaction = id();
    const first = request(interaction, 0);
    await store.replaceOpen(first);
    expect(await store.save({ ...first, status: 'approved', decidedAt: new Date() })).toBe(true);
    const again = request(interaction, 5);
    await expect(store.replaceOpen(again)).resolves.toMatchObject({ id: first.id, status: 'approved', version: 1 });
    await expect(store.find(again.id)).resolves.toBeUndefined();
    expect(await store.find(first.id)).toMatchObject({ status: 'approved' });
  });

  it("leaves other interactions' requests alone", async () => {
    const mine = request(id(), 0);
    const theirs = request(id(), 0);
    await store.replaceOpen(theirs);
    await store.replaceOpen(mine);
    await store.replaceOpen(request(mine.interaction, 5));
    expect(await store.find(theirs.id)).toMatchObject({ status: 'pending' });
    expect(await store.find(mine.id)).toMatchObject({ status: 'expired' });
  });
});
