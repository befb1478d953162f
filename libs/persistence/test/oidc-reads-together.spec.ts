import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, OidcReadsTogether, PostgresOidcAdapter } from '../src';

/** An interaction and its session read in one statement, for the one request that reads them. */
describe('OidcReadsTogether', () => {
  let dataSource: DataSource;
  const reads = new OidcReadsTogether();
  let interactions: PostgresOidcAdapter;
  let sessions: PostgresOidcAdapter;
  const id = () => randomBytes(12).toString('base64url');

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    interactions = new PostgresOidcAdapter(dataSource, 'Interaction', reads);
    sessions = new PostgresOidcAdapter(dataSource, 'Session', reads);
  });
  afterAll(() => dataSource.destroy());

  async function interactionOfSession(ttl = 600) {
    const session = { jti: id(), uid: id(), accountId: '12345678' };
    await sessions.upsert(session.jti, session, ttl);
    const interaction = { jti: id(), session: { uid: session.uid, accountId: session.accountId }, params: { client_id: 'rp' } };
    await interactions.upsert(interaction.jti, interaction, 600);
    return { session, interaction };
  }

  it("hands the session read with the interaction to that call's next findByUid, once", async () => {
    const { session, interaction } = await interactionOfSession();
    await reads.together(async () => {
      await expect(interactions.find(interaction.jti)).resolves.toMatchObject({ jti: interaction.jti });
      // Gone from the table now, but this call read it together with the interaction a moment ago.
      await sessions.destroy(session.jti);
      await expect(sessions.findByUid(session.uid)).resolves.toMatchObject({ jti: session.jti, accountId: '12345678' });
      // Taken once: the next read asks the database again.
      await expect(sessions.findByUid(session.uid)).resolves.toBeUndefined();
    });
  });

  it('keeps nothing for other calls or outside one', async () => {
    const { session, interaction } = await interactionOfSession();
    await reads.together(() => interactions.find(interaction.jti));
    await reads.together(async () => {
      await sessions.destroy(session.jti);
      await expect(sessions.findByUid(session.uid)).resolves.toBeUndefined();
    });
    const other = await interactionOfSession();
    await interactions.find(other.interaction.jti);
    await sessions.destroy(other.session.jti);
    await expect(sessions.findByUid(other.session.uid)).resolves.toBeUndefined();
  });

  it('answers an expired or missing session as missing, and an unknown interaction as unknown', async () => {
    const { session, interaction } = await interactionOfSession(1);
    await dataSource.query(`UPDATE oidc_model SET expires_at = now() - interval '1 second' WHERE kind = 'Session' AND id = $1`, [session.jti]);
    await reads.together(async () => {
      await interactions.find(interaction.jti);
      await sessions.upsert(session.jti, session, 600); // alive again, but this call saw it expired
      await expect(sessions.findByUid(session.uid)).resolves.toBeUndefined();
      await expect(interactions.find(id())).resolves.toBeUndefined();
    });
  });

  it('reads an interaction without a session as before', async () => {
    const interaction = { jti: id(), params: { client_id: 'rp' } };
    await interactions.upsert(interaction.jti, interaction, 600);
    await expect(reads.together(() => interactions.find(interaction.jti))).resolves.toEqual(interaction);
  });
});
