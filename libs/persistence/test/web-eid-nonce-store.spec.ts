import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ChallengeNonces } from '@theqa/web-eid';
import { createDataSource, PostgresWebEidNonceStore, purgeExpiredRows } from '../src';

/** Web eID challenge nonces in PostgreSQL: bound to one interaction, short-lived, used once — by one statement. */
describe('PostgresWebEidNonceStore', () => {
  let dataSource: DataSource;
  let store: PostgresWebEidNonceStore;
  let nonces: ChallengeNonces;
  const binding = () => `interaction-${randomUUID()}`;

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 10 });
    await dataSource.initialize();
    store = new PostgresWebEidNonceStore(dataSource);
    nonces = new ChallengeNonces(store);
  });
  afterAll(() => dataSource.destroy());

  it('issues a 44-character nonce for five minutes by the database clock, and takes it once for its binding', async () => {
    const interaction = binding();
    const before = Date.now();
    const { challengeNonce, expiresAt } = await nonces.issue(interaction);
    expect(challengeNonce).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(expiresAt.getTime() - before).toBeGreaterThan(295_000);
    expect(expiresAt.getTime() - before).toBeLessThan(305_000);
    const [row] = await dataSource.query(`SELECT binding, used_at FROM web_eid_challenge WHERE nonce = $1`, [challengeNonce]);
    expect(row).toEqual({ binding: interaction, used_at: null });
    expect(await nonces.consume(challengeNonce, `${interaction}-other`)).toBe('unknown');
    expect(await nonces.consume(challengeNonce, interaction)).toBe('consumed');
    expect(await nonces.consume(challengeNonce, interaction)).toBe('used');
    expect(await nonces.consume(randomBytes(32).toString('base64'), interaction)).toBe('unknown');
  });

  it('a lapsed nonce is expired, and cannot be taken', async () => {
    const quick = new ChallengeNonces(store, 0.2);
    const interaction = binding();
    const { challengeNonce } = await quick.issue(interaction);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await quick.consume(challengeNonce, interaction)).toBe('expired');
    const [row] = await dataSource.query(`SELECT used_at FROM web_eid_challenge WHERE nonce = $1`, [challengeNonce]);
    expect(row.used_at).toBeNull();
  });

  it('100 concurrent attempts on one nonce: exactly one takes it, the others are told it was used', async () => {
    const interaction = binding();
    const { challengeNonce } = await nonces.issue(interaction);
    const uses = await Promise.all(Array.from({ length: 100 }, () => nonces.consume(challengeNonce, interaction)));
    expect(uses.filter((u) => u === 'consumed')).toHaveLength(1);
    expect(uses.filter((u) => u === 'used')).toHaveLength(99);
  });

  it('the table refuses what the protocol never issues; housekeeping purges nonces a day after they lapsed', async () => {
    await expect(dataSource.query(`INSERT INTO web_eid_challenge (nonce, binding, expires_at) VALUES ('short', 'b', now() + interval '1 minute')`)).rejects.toThrow();
    const old = randomBytes(32).toString('base64');
    await dataSource.query(
      `INSERT INTO web_eid_challenge (nonce, binding, created_at, expires_at) VALUES ($1, 'b', now() - interval '3 days', now() - interval '2 days')`,
      [old],
    );
    const fresh = await nonces.issue(binding());
    const removed = await purgeExpiredRows(dataSource);
    expect(removed.web_eid_challenge).toBeGreaterThanOrEqual(1);
    expect(await dataSource.query(`SELECT nonce FROM web_eid_challenge WHERE nonce = ANY($1::text[])`, [[old, fresh.challengeNonce]])).toEqual([{ nonce: fresh.challengeNonce }]);
  });
});
