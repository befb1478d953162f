import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, OidcReadsTogether, PostgresOidcAdapter } from '../src';

/** A model with the session and grant it names, read in one statement, for the one request that reads them. */
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
      // Gone from the table now (another request), but this call read it together with the interaction a moment ago.
      await dataSource.query(`DELETE FROM oidc_model WHERE kind = 'Session' AND id = $1`, [session.jti]);
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
      // Alive again (another request), but this call saw it expired.
      await dataSource.query(`UPDATE oidc_model SET expires_at = now() + interval '1 minute' WHERE kind = 'Session' AND id = $1`, [session.jti]);
      await expect(sessions.findByUid(session.uid)).resolves.toBeUndefined();
      await expect(interactions.find(id())).resolves.toBeUndefined();
    });
  });

  it("reads an access token's grant and session along with it, and forgets what the call writes", async () => {
    const grants = new PostgresOidcAdapter(dataSource, 'Grant', reads);
    const tokens = new PostgresOidcAdapter(dataSource, 'AccessToken', reads);
    const { session } = await interactionOfSession();
    await reads.together(async () => {
      const other = await interactionOfSession();
      await interactions.find(other.interaction.jti);
      // This call's own write of the session: its next read sees the table, not the row read along.
      await sessions.destroy(other.session.jti);
      await expect(sessions.findByUid(other.session.uid)).resolves.toBeUndefined();
    });
    const grant = { jti: id(), accountId: '12345678', clientId: 'rp', openid: { scope: 'openid' } };
    await grants.upsert(grant.jti, grant, 600);
    const token = { jti: id(), grantId: grant.jti, sessionUid: session.uid, expiresWithSession: true, accountId: '12345678' };
    await tokens.upsert(token.jti, token, 600);
    await reads.together(async () => {
      await expect(tokens.find(token.jti)).resolves.toMatchObject({ jti: token.jti });
      await dataSource.query(`DELETE FROM oidc_model WHERE kind IN ('Grant', 'Session') AND id = ANY($1)`, [[grant.jti, session.jti]]);
      await expect(sessions.findByUid(session.uid)).resolves.toMatchObject({ jti: session.jti });
      await expect(grants.find(grant.jti)).resolves.toMatchObject({ jti: grant.jti, openid: { scope: 'openid' } });
      await expect(grants.find(grant.jti)).resolves.toBeUndefined();
    });
    // A write in the call forgets the row read along: the next read sees the write.
    await grants.upsert(grant.jti, grant, 600);
    await reads.together(async () => {
      await tokens.find(token.jti);
      await grants.upsert(grant.jti, { ...grant, openid: { scope: 'openid profile' } }, 600);
      await expect(grants.find(grant.jti)).resolves.toMatchObject({ openid: { scope: 'openid profile' } });
      await tokens.find(token.jti);
      await grants.destroy(grant.jti);
      await expect(grants.find(grant.jti)).resolves.toBeUndefined();
    });
  });

  it('reads an interaction without a session as before', async () => {
    const interaction = { jti: id(), params: { client_id: 'rp' } };
    await interactions.upsert(interaction.jti, interaction, 600);
    await expect(reads.together(() => interactions.find(interaction.jti))).resolves.toEqual(interaction);
  });
});
