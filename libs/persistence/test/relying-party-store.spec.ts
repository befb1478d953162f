import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CLIENT_SECRET_MAC_LABEL, clientMetadataOf, RelyingPartyRegistry, type RelyingPartyInput } from '@theqa/relying-parties';
import { AuditedRelyingPartyEvents, createDataSource, PostgresAuditLog, PostgresRelyingPartyLogins, PostgresRelyingPartyStore } from '../src';

/** Relying parties on PostgreSQL: the registry over the real store, its races, the audit trail. Client ids are unique per run: the database is shared. */
describe('relying parties on PostgreSQL', () => {
  let dataSource: DataSource;
  let audit: PostgresAuditLog;
  let store: PostgresRelyingPartyStore;
  let registry: RelyingPartyRegistry;
  const mac = { label: CLIENT_SECRET_MAC_LABEL, mac: async (data: Buffer) => createHmac('sha256', 'test key').update(data).digest() };
  const id = (what: string) => `t-${what}-${randomBytes(4).toString('hex')}`;
  const publicJwk = (kid: string) => ({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }), kid, alg: 'ES256' });
  const input = (clientId: string, over: Partial<RelyingPartyInput> = {}): RelyingPartyInput => ({
    clientId,
    name: { ar: 'استثمر بسهولة', en: 'Invest Easy' },
    // Commas, quotes-free but literal-unfriendly characters: the text[] round trip must keep them exact.
    redirectUris: ['https://invest.example.om/callback?a=1,2&b={x}'.replace('{x}', '%7Bx%7D'), 'https://invest.example.om/cb2'],
    postLogoutRedirectUris: [],
    claims: ['civil_number', 'full_name_en'],
    purpose: { ar: 'فتح سجل تجاري', en: 'Opening a commercial registration' },
    acrValues: ['high'],
    authMethod: 'private_key_jwt',
    jwks: { keys: [publicJwk('k1')] },
    ciba: false,
    ...over,
  });

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 3 });
    await dataSource.initialize();
    audit = new PostgresAuditLog(dataSource);
    store = new PostgresRelyingPartyStore(dataSource);
    registry = new RelyingPartyRegistry({ store, events: new AuditedRelyingPartyEvents(audit), secretMac: mac, allowLoopbackHttp: true });
  });
  afterAll(async () => {
    await audit.flush();
    await dataSource.destroy();
  });

  it('registers, reads back exactly, refuses the same id twice, disables once, and audits', async () => {
    const clientId = id('keys');
    const { relyingParty } = await registry.register(input(clientId), 'admin:test');
    await expect(registry.show(clientId)).resolves.toEqual(relyingParty);
    await expect(registry.findActive(clientId)).resolves.toEqual(relyingParty);
    expect((await registry.list()).map((rp) => rp.clientId)).toContain(clientId);
    expect(clientMetadataOf(relyingParty).redirect_uris).toEqual(['https://invest.example.om/callback?a=1,2&b=%7Bx%7D', 'https://invest.example.om/cb2']);
    await expect(registry.register(input(clientId, { name: { ar: 'آخر', en: 'Another' } }), 'admin:test')).rejects.toMatchObject({ code: 'rp-exists' });

    const [first, second] = await Promise.allSettled([registry.disable(clientId, 'admin:a'), registry.disable(clientId, 'admin:b')]);
    const outcomes = [first, second].map((o) => (o.status === 'fulfilled' ? 'disabled' : (o.reason as { code: string }).code)).sort();
    expect(outcomes).toEqual(['disabled', 'rp-disabled']);
    await expect(registry.findActive(clientId)).resolves.toBeUndefined();
    await expect(registry.show(clientId)).resolves.toMatchObject({ status: 'disabled', disabledAt: expect.any(Date), name: { en: 'Invest Easy' } });

    await audit.flush();
    const rows = await dataSource.query(`SELECT action, actor FROM audit_log WHERE subject = $1 ORDER BY seq`, [clientId]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['rp.registered', 'rp.disabled']);
  });

  it('keeps no secret: derives it, rotates it by generation, and enforces the schema invariants', async () => {
    const clientId = id('secret');
    const { relyingParty, clientSecret } = await registry.register(input(clientId, { authMethod: 'client_secret_basic', jwks: undefined, ciba: true }), 'admin:test');
    expect(relyingParty).toMatchObject({ secretGeneration: 1, jwks: undefined, ciba: true });
    const [row] = await dataSource.query(`SELECT * FROM relying_party WHERE client_id = $1`, [clientId]);
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    const rotated = await registry.rotateSecret(clientId, 'admin:test');
    expect(rotated.relyingParty.secretGeneration).toBe(2);
    expect(rotated.clientSecret).not.toBe(clientSecret);
    await expect(registry.clientSecret((await registry.findActive(clientId))!)).resolves.toBe(rotated.clientSecret);
    await expect(dataSource.query(`UPDATE relying_party SET jwks = '{"keys":[]}' WHERE client_id = $1`, [clientId])).rejects.toThrow(/check constraint/i);
    await expect(dataSource.query(`UPDATE relying_party SET status = 'disabled' WHERE client_id = $1`, [clientId])).rejects.toThrow(/check constraint/i);
  });

  it('ensure registers once, then changes nothing, then follows the input (jsonb member order notwithstanding)', async () => {
    const clientId = id('seed');
    const seed = input(clientId, { redirectUris: ['http://127.0.0.1:8090/callback'], postLogoutRedirectUris: ['http://127.0.0.1:8090/'], acrValues: ['medium', 'high'], ciba: true });
    await expect(registry.ensure(seed, 'system')).resolves.toMatchObject({ outcome: 'registered' });
    await expect(registry.ensure(seed, 'system')).resolves.toMatchObject({ outcome: 'unchanged' });
    const updated = await registry.ensure({ ...seed, jwks: { keys: [publicJwk('k2')] }, claims: ['civil_number'], requirePushedAuthorizationRequests: true }, 'system');
    expect(updated).toMatchObject({ outcome: 'updated', relyingParty: { claims: ['civil_number'], jwks: { keys: [expect.objectContaining({ kid: 'k2' })] }, requirePushedAuthorizationRequests: true } });
    await expect(registry.show(clientId)).resolves.toEqual(updated.relyingParty);
    await audit.flush();
    const rows = await dataSource.query(`SELECT action, details FROM audit_log WHERE subject = $1 ORDER BY seq`, [clientId]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['rp.registered', 'rp.updated']);
    expect(JSON.parse(rows[1].details).changed).toEqual(['claims', 'jwks', 'requirePushedAuthorizationRequests']);
  });

  it('an edit through the real store: replaced, read back exact, audited', async () => {
    const clientId = id('edit');
    await registry.register(input(clientId), 'admin:test');
    const edited = await registry.update(clientId, { purpose: { ar: 'تجديد سجل تجاري', en: 'Renewing a commercial registration' }, redirectUris: ['https://invest.example.om/new?x=1,2'] }, 'admin:rp-officer');
    expect(edited.changed.sort()).toEqual(['purpose', 'redirectUris']);
    expect(await registry.show(clientId)).toEqual(edited.relyingParty);
    await audit.flush();
    const [row] = await dataSource.query(`SELECT actor, details FROM audit_log WHERE action = 'rp.updated' AND subject = $1`, [clientId]);
    expect(row.actor).toBe('admin:rp-officer');
    expect(JSON.parse(row.details).changed.sort()).toEqual(['purpose', 'redirectUris']);
  });

  it('a JWKS URI instead of keys: stored, read back exact, swapped by an edit; the schema keeps exactly one source of keys', async () => {
    const clientId = id('uri');
    const { jwks: _keys, ...rest } = input(clientId);
    const { relyingParty } = await registry.register({ ...rest, jwksUri: 'https://keys.invest.example.om/jwks.json?v=1,2' }, 'admin:test');
    expect(relyingParty).toMatchObject({ jwksUri: 'https://keys.invest.example.om/jwks.json?v=1,2', jwks: undefined });
    expect(await registry.show(clientId)).toEqual(relyingParty);
    const [row] = await dataSource.query(`SELECT jwks, jwks_uri FROM relying_party WHERE client_id = $1`, [clientId]);
    expect(row).toEqual({ jwks: null, jwks_uri: 'https://keys.invest.example.om/jwks.json?v=1,2' });
    // Both sources, or none, or a URI on a secret client: refused by the table itself.
    await expect(dataSource.query(`UPDATE relying_party SET jwks = '{"keys":[]}' WHERE client_id = $1`, [clientId])).rejects.toThrow(/check constraint/i);
    await expect(dataSource.query(`UPDATE relying_party SET jwks_uri = NULL WHERE client_id = $1`, [clientId])).rejects.toThrow(/check constraint/i);
    await expect(dataSource.query(`UPDATE relying_party SET auth_method = 'client_secret_basic', secret_generation = 1 WHERE client_id = $1`, [clientId])).rejects.toThrow(/check constraint/i);

    const toKeys = await registry.update(clientId, { jwks: { keys: [publicJwk('k7')] } }, 'admin:test');
    expect(toKeys.changed.sort()).toEqual(['jwks', 'jwksUri']);
    expect(await registry.show(clientId)).toEqual(toKeys.relyingParty);
    expect(toKeys.relyingParty.jwksUri).toBeUndefined();
    const back = await registry.update(clientId, { jwksUri: 'https://keys.invest.example.om/jwks.json' }, 'admin:test');
    expect(await registry.show(clientId)).toEqual(back.relyingParty);
    expect(back.relyingParty).toMatchObject({ jwksUri: 'https://keys.invest.example.om/jwks.json', jwks: undefined });
    await audit.flush();
    const rows = await dataSource.query(`SELECT details FROM audit_log WHERE subject = $1 ORDER BY seq`, [clientId]);
    expect(rows.map((r: { details: string }) => JSON.parse(r.details).jwks_uri)).toEqual(['https://keys.invest.example.om/jwks.json?v=1,2', undefined, 'https://keys.invest.example.om/jwks.json']);
  });

  it('logins per day: approved logins of this RP only, counted in the ministry calendar (Asia/Muscat, UTC+4)', async () => {
    const clientId = id('count');
    await registry.register(input(clientId), 'admin:test');
    const counting = new RelyingPartyRegistry({ store, events: new AuditedRelyingPartyEvents(audit), logins: new PostgresRelyingPartyLogins(dataSource), timeZone: 'Asia/Muscat' });
    const at = (iso: string, event = 'login.approved', client = clientId) =>
      dataSource.query(`INSERT INTO identity_activity (civil_number, occurred_at, event, details) VALUES ('99000001', $1, $2, $3)`, [iso, event, JSON.stringify({ client })]);
    await at('2026-03-01T19:59:00Z'); // 23:59 in Muscat: 1 March
    await at('2026-03-01T20:00:00Z'); // 00:00 in Muscat: 2 March
    await at('2026-03-02T10:00:00Z');
    await at('2026-03-02T11:00:00Z', 'login.denied');
    await at('2026-03-02T12:00:00Z', 'login.approved', 'some-other-rp');
    await at('2026-03-04T20:00:00Z'); // 5 March in Muscat: outside the range
    expect(await counting.loginsPerDay(clientId, { from: '2026-03-01', to: '2026-03-04' })).toEqual([
      { day: '2026-03-01', logins: 1 },
      { day: '2026-03-02', logins: 2 },
      { day: '2026-03-03', logins: 0 },
      { day: '2026-03-04', logins: 0 },
    ]);
  });
});
