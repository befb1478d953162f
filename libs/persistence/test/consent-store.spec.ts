import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { consentCovers, ConsentService } from '@theqa/consent';
import { AuditedConsentEvents, createDataSource, PostgresAuditLog, PostgresConsentStore, PostgresIssuedUnderConsent, PostgresOidcAdapter } from '../src';

/** Consents on PostgreSQL: one in force per person and relying party, withdrawal (once) and what it revokes, the audit trail. */
describe('consents on PostgreSQL', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let service: ConsentService;
  const purpose = { ar: 'تقديم خدمات ودعم مخصص', en: 'Providing services and personalised support' };
  const person = () => String(30_000_000 + Math.floor(Math.random() * 9_000_000));
  const actions = async (civilNumber: string) => {
    await audit.flush();
    const rows: Array<{ action: string; details: string }> = await dataSource.query(`SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [civilNumber]);
    return rows.map((r) => ({ action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
  };
  const rowsOf = (civilNumber: string, clientId = 'naql'): Promise<Array<{ id: string; withdrawn_at: Date | null; replaced_at: Date | null }>> =>
    dataSource.query('SELECT id, withdrawn_at, replaced_at FROM consent WHERE civil_number = $1 AND client_id = $2 ORDER BY granted_at', [civilNumber, clientId]);

  beforeAll(async () => {
    // As many connections as the platform's pool, so that concurrent grants really race in the database.
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 10 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    service = new ConsentService({ store: new PostgresConsentStore(dataSource), events: new AuditedConsentEvents(audit), issued: new PostgresIssuedUnderConsent(dataSource) });
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  it('grants, finds the current consent, withdraws it once, and audits both', async () => {
    const civilNumber = person();
    const granted = await service.grant({ civilNumber, clientId: 'naql', claims: ['full_name_ar', 'civil_number'], purpose, actor: 'test' });
    expect(granted.claims).toEqual(['civil_number', 'full_name_ar']);
    const current = await service.current(civilNumber, 'naql');
    expect(current).toMatchObject({ id: granted.id, claims: ['civil_number', 'full_name_ar'], purpose });
    expect(consentCovers(current, ['civil_number'], purpose, new Date())).toBe(true);
    await expect(service.current(civilNumber, 'invest-easy')).resolves.toBeUndefined();

    const withdrawn = await service.withdraw(granted.id, 'test');
    expect(withdrawn.withdrawnAt).toBeInstanceOf(Date);
    await expect(service.withdraw(granted.id, 'test')).rejects.toMatchObject({ code: 'consent-withdrawn' });
    await expect(service.current(civilNumber, 'naql')).resolves.toBeUndefined();
    await expect(service.withdraw(randomUUID(), 'test')).rejects.toMatchObject({ code: 'consent-unknown' });
    await expect(service.withdraw('not-an-id', 'test')).rejects.toMatchObject({ code: 'consent-unknown' });

    expect((await actions(civilNumber)).map((a) => a.action)).toEqual(['consent.granted', 'consent.withdrawn']);
  });

  it('100 concurrent "I agree": one consent, one audit entry', async () => {
    const civilNumber = person();
    const granted = await Promise.all(Array.from({ length: 100 }, () => service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number'], purpose, actor: 'test' })));
    const rows = await rowsOf(civilNumber);
    expect(rows).toHaveLength(1);
    expect(new Set(granted.map((g) => g.id))).toEqual(new Set([rows[0].id]));
    expect((await actions(civilNumber)).map((a) => a.action)).toEqual(['consent.granted']);
  });

  it('a consent to other claims or for another purpose replaces the one in force; the database refuses a second in force', async () => {
    const civilNumber = person();
    const first = await service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number'], purpose, actor: 'test' });
    const again = await service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number'], purpose, actor: 'test' });
    expect(again.id).toBe(first.id);
    // Many at once: one replaces the first in the same transaction as it records itself, so none of the
    // others can find "nothing in force" between the two and record a consent that replaced nothing.
    const wider = await Promise.all(Array.from({ length: 20 }, () => service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number', 'full_name_en'], purpose, actor: 'test' })));
    expect(new Set(wider.map((w) => w.id)).size).toBe(1);
    const rows = await rowsOf(civilNumber);
    expect(rows.map((r) => ({ id: r.id, replaced: r.replaced_at !== null, withdrawn: r.withdrawn_at !== null }))).toEqual([
      { id: first.id, replaced: true, withdrawn: false },
      { id: wider[0].id, replaced: false, withdrawn: false },
    ]);
    await expect(service.withdraw(first.id, 'test')).rejects.toMatchObject({ code: 'consent-replaced' });
    expect((await service.list(civilNumber)).find((c) => c.id === first.id)?.replacedAt).toBeInstanceOf(Date);
    // Whatever writes to the table, one consent in force per person and relying party.
    await expect(
      dataSource.query(`INSERT INTO consent (id, civil_number, client_id, claims, purpose_ar, purpose_en, granted_at, expires_at) VALUES ($1, $2, 'naql', '{civil_number}', 'x', 'x', now(), now() + interval '1 day')`, [randomUUID(), civilNumber]),
    ).rejects.toThrow(/consent_in_force|unique/i);
    const granted = (await actions(civilNumber)).filter((a) => a.action === 'consent.granted');
    expect(granted.map((g) => g.details.replaces)).toEqual([undefined, first.id]);
  });

  it("withdrawing revokes the relying party's grants and tokens for that person, and nothing else", async () => {
    const civilNumber = person();
    const other = person();
    const consent = await service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number'], purpose, actor: 'test' });
    const model = (kind: string) => new PostgresOidcAdapter(dataSource, kind);
    const issue = async (accountId: string, clientId: string) => {
      const grantId = randomUUID();
      await model('Grant').upsert(grantId, { accountId, clientId, openid: { scope: 'openid' } }, 3600);
      await model('AccessToken').upsert(randomUUID(), { accountId, clientId, grantId, kind: 'AccessToken' }, 600);
      await model('AuthorizationCode').upsert(randomUUID(), { accountId, clientId, grantId, kind: 'AuthorizationCode' }, 60);
      return grantId;
    };
    const revoked = [await issue(civilNumber, 'naql'), await issue(civilNumber, 'naql')];
    const kept = [await issue(civilNumber, 'invest-easy'), await issue(other, 'naql')];
    // A CIBA request still waiting for the wallet was not issued under the consent.
    const pendingCiba = randomUUID();
    await model('BackchannelAuthenticationRequest').upsert(pendingCiba, { accountId: civilNumber, clientId: 'naql' }, 120);

    await service.withdraw(consent.id, 'person:test');
    const left = async (grantIds: string[]) =>
      Number((await dataSource.query(`SELECT count(*) AS n FROM oidc_model WHERE id = ANY($1) OR grant_id = ANY($1)`, [grantIds]))[0].n);
    expect(await left(revoked)).toBe(0);
    expect(await left(kept)).toBe(6);
    await expect(model('BackchannelAuthenticationRequest').find(pendingCiba)).resolves.toMatchObject({ accountId: civilNumber });
    expect((await actions(civilNumber)).at(-1)).toEqual({ action: 'consent.withdrawn', details: { consent: consent.id, client: 'naql', revoked_grants: 2 } });
  });

  it('"I do not agree" ends the consent in force, if any', async () => {
    const civilNumber = person();
    await expect(service.decline(civilNumber, 'naql', 'person:test')).resolves.toBeUndefined();
    const consent = await service.grant({ civilNumber, clientId: 'naql', claims: ['civil_number'], purpose, actor: 'test' });
    await expect(service.decline(civilNumber, 'naql', 'person:test')).resolves.toMatchObject({ id: consent.id, withdrawnAt: expect.any(Date) });
    await expect(service.current(civilNumber, 'naql')).resolves.toBeUndefined();
  });
});
