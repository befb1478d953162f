import { createHmac, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import {
  CLIENT_SECRET_MAC_LABEL,
  clientMetadataOf,
  clientSecretOf,
  InMemoryRelyingPartyStore,
  RelyingPartyError,
  RelyingPartyRegistry,
  type RelyingPartyEvents,
  type RelyingPartyInput,
  type SecretMac,
} from './index';

const macOf = (label = CLIENT_SECRET_MAC_LABEL, key = 'k'.repeat(32)): SecretMac => ({ label, mac: async (data) => createHmac('sha256', key).update(data).digest() });

function ecJwk(kid = 'key-1', curve = 'P-256'): JsonWebKey {
  const jwk = generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });
  return { ...jwk, kid };
}
function rsaJwk(bits: number, kid = 'rsa-1'): JsonWebKey {
  return { ...generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' }), kid };
}

const purpose = { ar: 'التحقق من هوية مقدم الطلب', en: 'To verify the identity of the applicant' };
const keyInput = (over: Partial<RelyingPartyInput> = {}): RelyingPartyInput => ({
  name: { ar: ' نقل ', en: ' Naql ' },
  redirectUris: ['https://naql.example.om/callback', 'https://naql.example.om/other?x=1,2'],
  postLogoutRedirectUris: ['https://naql.example.om/'],
  claims: ['full_name_ar', 'civil_number'],
  purpose,
  acrValues: ['high', 'medium'],
  authMethod: 'private_key_jwt',
  jwks: { keys: [ecJwk()] },
  ...over,
});
/** private_key_jwt with a JWKS URI instead of keys (no `jwks` member at all, so that an edit gives only the URI). */
const uriInput = (jwksUri: unknown, over: Partial<RelyingPartyInput> = {}): RelyingPartyInput => {
  const { jwks: _keys, ...rest } = keyInput(over);
  return { ...rest, jwksUri: jwksUri as string };
};
const secretInput = (over: Partial<RelyingPartyInput> = {}): RelyingPartyInput => ({ ...keyInput(), authMethod: 'client_secret_basic', jwks: undefined, ...over });

function setup(options: { allowLoopbackHttp?: boolean; mac?: SecretMac | null } = {}) {
  const store = new InMemoryRelyingPartyStore();
  const events: Parameters<RelyingPartyEvents['record']>[0][] = [];
  let now = new Date('2026-11-22T08:00:00Z');
  const registry = new RelyingPartyRegistry({
    store,
    events: { record: async (e) => void events.push(e) },
    secretMac: options.mac === null ? undefined : (options.mac ?? macOf()),
    allowLoopbackHttp: options.allowLoopbackHttp,
    clock: () => now,
  });
  return { store, events, registry, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

/** Registration must fail as rp-invalid, naming this field, and leave nothing behind. */
async function expectRefused(input: RelyingPartyInput, field: string | RegExp, options: Parameters<typeof setup>[0] = {}): Promise<string> {
  const { registry, store, events } = setup(options);
  const error = await registry.register(input, 'admin:test').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RelyingPartyError);
  const { code, details, message } = error as RelyingPartyError;
  expect(code).toBe('rp-invalid');
  expect(details.problems!.map((p) => p.field)).toContainEqual(typeof field === 'string' ? field : expect.stringMatching(field));
  expect(message).toContain(typeof field === 'string' ? field : '');
  await expect(store.list()).resolves.toEqual([]);
  expect(events).toEqual([]);
  return message;
}

describe('registering a relying party', () => {
  it('keeps a normalised record: generated id, trimmed names, claims in catalogue order, acr as URNs, the sector host, public keys only', async () => {
    const { registry, events } = setup();
    const key = { ...ecJwk('k1'), use: 'sig', alg: 'ES256', x5u: 'https://elsewhere.example/cert' };
    const { relyingParty: rp, clientSecret } = await registry.register(keyInput({ jwks: { keys: [key] }, ciba: true }), 'admin:test');
    expect(clientSecret).toBeUndefined();
    expect(rp).toEqual({
      clientId: expect.stringMatching(/^rp-[a-z2-7]{12}$/),
      name: { ar: 'نقل', en: 'Naql' },
      redirectUris: ['https://naql.example.om/callback', 'https://naql.example.om/other?x=1,2'],
      postLogoutRedirectUris: ['https://naql.example.om/'],
      claims: ['civil_number', 'full_name_ar'],
      purpose,
      acrValues: ['urn:theqa:loa:medium', 'urn:theqa:loa:high'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [{ kty: 'EC', kid: 'k1', crv: 'P-256', x: key.x, y: key.y, use: 'sig', alg: 'ES256' }] },
      secretGeneration: undefined,
      ciba: true,
      requirePushedAuthorizationRequests: false,
      status: 'active',
      sectorHost: 'naql.example.om',
      createdAt: new Date('2026-11-22T08:00:00Z'),
      updatedAt: new Date('2026-11-22T08:00:00Z'),
    });
    await expect(registry.show(rp.clientId)).resolves.toEqual(rp);
    await expect(registry.findActive(rp.clientId)).resolves.toEqual(rp);
    await expect(registry.list()).resolves.toEqual([rp]);
    expect(events).toEqual([{ action: 'rp.registered', actor: 'admin:test', clientId: rp.clientId, details: expect.objectContaining({ key_ids: ['k1'], auth_method: 'private_key_jwt' }) }]);
  });

  it('takes the client id an administrator gives, and refuses it a second time', async () => {
    const { registry } = setup();
    await registry.register(keyInput({ clientId: 'invest-easy' }), 'admin:test');
    await expect(registry.register(keyInput({ clientId: 'invest-easy' }), 'admin:test')).rejects.toMatchObject({ code: 'rp-exists' });
    await expect(registry.list()).resolves.toHaveLength(1);
  });

  it('accepts RSA keys of 2048 bits, P-384 keys, several keys, and one assurance level', async () => {
    const { registry } = setup();
    const { relyingParty } = await registry.register(keyInput({ jwks: { keys: [rsaJwk(2048), ecJwk('p384', 'P-384')] }, acrValues: ['urn:theqa:loa:high'] }), 'admin:test');
    expect(relyingParty.jwks!.keys.map((k) => k.kid)).toEqual(['rsa-1', 'p384']);
    expect(relyingParty.acrValues).toEqual(['urn:theqa:loa:high']);
  });

  it('allows plain http on loopback hosts only when built for development', async () => {
    const loopback = ['http://127.0.0.1:8090/callback', 'http://[::1]:8090/cb', 'http://localhost/cb'];
    for (const uri of loopback) {
      const { registry } = setup({ allowLoopbackHttp: true });
      await expect(registry.register(keyInput({ redirectUris: [uri], postLogoutRedirectUris: [uri] }), 'admin:test')).resolves.toBeDefined();
      await expectRefused(keyInput({ redirectUris: [uri] }), 'redirectUris[0]');
    }
    await expectRefused(keyInput({ postLogoutRedirectUris: ['http://127.0.0.1/'] }), 'postLogoutRedirectUris[0]');
    await expectRefused(keyInput({ redirectUris: ['http://naql.example.om/cb'] }), 'redirectUris[0]', { allowLoopbackHttp: true });
  });
});

/** Every refusal of a registration; an edit (`update`) refuses each alike. */
const refusals: Array<[string, RelyingPartyInput, string | RegExp]> = [
    ['a client id with capitals', keyInput({ clientId: 'Naql' }), 'clientId'],
    ['a client id too short', keyInput({ clientId: 'ab' }), 'clientId'],
    ['a client id starting with a hyphen', keyInput({ clientId: '-naql' }), 'clientId'],
    ['no Arabic name', keyInput({ name: { ar: '  ', en: 'Naql' } }), 'name.ar'],
    ['no English name', keyInput({ name: { ar: 'نقل' } as RelyingPartyInput['name'] }), 'name.en'],
    ['a name over 120 characters', keyInput({ name: { ar: 'نقل', en: 'N'.repeat(121) } }), 'name.en'],
    ['a name with control characters', keyInput({ name: { ar: 'نقل', en: 'Naql\u001b[2J' } }), 'name.en'],
    ['no name at all', { ...keyInput(), name: undefined } as unknown as RelyingPartyInput, 'name.ar'],
    ['no redirect URI', keyInput({ redirectUris: [] }), 'redirectUris'],
    ['eleven redirect URIs', keyInput({ redirectUris: Array.from({ length: 11 }, (_, i) => `https://naql.example.om/cb${i}`) }), 'redirectUris'],
    ['a relative redirect URI', keyInput({ redirectUris: ['/callback'] }), 'redirectUris[0]'],
    ['a redirect URI with a fragment', keyInput({ redirectUris: ['https://naql.example.om/cb#x'] }), 'redirectUris[0]'],
    ['a redirect URI with an empty fragment', keyInput({ redirectUris: ['https://naql.example.om/cb#'] }), 'redirectUris[0]'],
    ['http on a public host', keyInput({ redirectUris: ['http://naql.example.om/cb'] }), 'redirectUris[0]'],
    ['http on loopback outside development', keyInput({ redirectUris: ['http://127.0.0.1:8090/callback'] }), 'redirectUris[0]'],
    ['another scheme', keyInput({ redirectUris: ['javascript:alert(1)'] }), 'redirectUris[0]'],
    ['a custom scheme', keyInput({ redirectUris: ['om.naql.app:/callback'] }), 'redirectUris[0]'],
    ['credentials in the URI', keyInput({ redirectUris: ['https://user:pw@naql.example.om/cb'] }), 'redirectUris[0]'],
    ['a space in the URI', keyInput({ redirectUris: ['https://naql.example.om/c b'] }), 'redirectUris[0]'],
    ['a sloppy https:host form', keyInput({ redirectUris: ['https:naql.example.om/cb'] }), 'redirectUris[0]'],
    ['an upper-case scheme', keyInput({ redirectUris: ['HTTPS://naql.example.om/cb'] }), 'redirectUris[0]'],
    ['a URI listed twice', keyInput({ redirectUris: ['https://naql.example.om/cb', 'https://naql.example.om/cb'] }), 'redirectUris[1]'],
    ['redirect URIs on two hosts', keyInput({ redirectUris: ['https://naql.example.om/cb', 'https://evil.example.com/cb'] }), 'redirectUris'],
    ['a bad post-logout URI', keyInput({ postLogoutRedirectUris: ['http://naql.example.om/'] }), 'postLogoutRedirectUris[0]'],
    ['an unknown claim', keyInput({ claims: ['civil_number', 'mobile_number'] }), 'claims'],
    ['no claims', keyInput({ claims: [] }), 'claims'],
    ['no purpose', { ...keyInput(), purpose: undefined } as unknown as RelyingPartyInput, 'purpose'],
    ['a purpose without English', keyInput({ purpose: { ar: purpose.ar, en: ' ' } }), 'purpose'],
    ['no assurance level', keyInput({ acrValues: [] }), 'acrValues'],
    ['an unknown assurance level', keyInput({ acrValues: ['low'] }), 'acrValues'],
    ['an unknown authentication method', keyInput({ authMethod: 'none' }), 'authMethod'],
    ['private_key_jwt without keys', keyInput({ jwks: undefined }), 'jwks'],
    ['a JWKS that is not one', keyInput({ jwks: [ecJwk()] as unknown as RelyingPartyInput['jwks'] }), 'jwks'],
    ['an empty JWKS', keyInput({ jwks: { keys: [] } }), 'jwks.keys'],
    ['six keys', keyInput({ jwks: { keys: Array.from({ length: 6 }, (_, i) => ecJwk(`k${i}`)) } }), 'jwks.keys'],
    ['a private EC key', keyInput({ jwks: { keys: [{ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'k' }] } }), 'jwks.keys[0]'],
    ['a private RSA key', keyInput({ jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k' }] } }), 'jwks.keys[0]'],
    ['a symmetric key', keyInput({ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k' }] } }), 'jwks.keys[0]'],
    ['an RSA key of 1024 bits', keyInput({ jwks: { keys: [rsaJwk(1024)] } }), 'jwks.keys[0]'],
    ['a P-521 key', keyInput({ jwks: { keys: [ecJwk('k', 'P-521')] } }), 'jwks.keys[0]'],
    ['an Ed25519 key', keyInput({ jwks: { keys: [{ ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }), kid: 'k' }] } }), 'jwks.keys[0]'],
    ['a key without kid', keyInput({ jwks: { keys: [{ ...ecJwk(), kid: undefined }] } }), 'jwks.keys[0]'],
    ['two keys with one kid', keyInput({ jwks: { keys: [ecJwk('same'), ecJwk('same')] } }), 'jwks.keys[1]'],
    ['a key that does not import', keyInput({ jwks: { keys: [{ ...ecJwk(), x: 'AAAA' }] } }), 'jwks.keys[0]'],
    ['an encryption key', keyInput({ jwks: { keys: [{ ...ecJwk(), use: 'enc' }] } }), 'jwks.keys[0]'],
    ['an alg that does not fit the key', keyInput({ jwks: { keys: [{ ...ecJwk(), alg: 'RS256' }] } }), 'jwks.keys[0]'],
    ['client_secret_basic with keys', secretInput({ jwks: { keys: [ecJwk()] } }), 'jwks'],
    ['both keys and a JWKS URI', keyInput({ jwksUri: 'https://naql.example.om/jwks.json' }), 'jwksUri'],
    ['client_secret_basic with a JWKS URI', secretInput({ jwksUri: 'https://naql.example.om/jwks.json' }), 'jwksUri'],
    ['a JWKS URI over http on a public host', uriInput('http://keys.naql.example.om/jwks.json'), 'jwksUri'],
    ['a JWKS URI over http on loopback outside development', uriInput('http://127.0.0.1:9000/jwks.json'), 'jwksUri'],
    ['a JWKS URI with credentials', uriInput('https://user:pw@naql.example.om/jwks.json'), 'jwksUri'],
    ['a JWKS URI with a fragment', uriInput('https://naql.example.om/jwks.json#k1'), 'jwksUri'],
    ['a relative JWKS URI', uriInput('/jwks.json'), 'jwksUri'],
    ['a JWKS URI of another scheme', uriInput('file:///etc/passwd'), 'jwksUri'],
    ['a JWKS URI that is not a string', uriInput(42), 'jwksUri'],
    ['a JWKS URI with a space', uriInput('https://naql.example.om/jw ks.json'), 'jwksUri'],
    ['ciba that is not a boolean', keyInput({ ciba: 'yes' as unknown as boolean }), 'ciba'],
    ['a PAR requirement that is not a boolean', keyInput({ requirePushedAuthorizationRequests: 1 as unknown as boolean }), 'requirePushedAuthorizationRequests'],
  ];

describe('refusals, each naming the field', () => {

  it.each(refusals)('refuses %s', async (_what, input, field) => {
    await expectRefused(input, field);
  });

  it('lists every problem of a registration at once', async () => {
    const message = await expectRefused(keyInput({ name: { ar: '', en: '' }, redirectUris: ['http://a.example/'], claims: ['nope'], purpose: { ar: '', en: '' }, jwks: { keys: [rsaJwk(1024)] } }), 'name.ar');
    for (const field of ['name.en', 'redirectUris[0]', 'claims', 'purpose', 'jwks.keys[0]']) expect(message).toContain(`${field}:`);
    expect(message).toMatch(/private|1024 bits/);
  });

  it('names the private members of a private key', async () => {
    const message = await expectRefused(keyInput({ jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'k' }] } }), 'jwks.keys[0]');
    expect(message).toContain('has d, p, q, dp, dq, qi');
  });
});

describe('client secrets', () => {
  it('are handed out once at registration, derived, and never stored', async () => {
    const { registry, store, events } = setup();
    const a = await registry.register(secretInput({ clientId: 'bank-a' }), 'admin:test');
    const b = await registry.register(secretInput({ clientId: 'bank-b' }), 'admin:test');
    expect(a.relyingParty).toMatchObject({ authMethod: 'client_secret_basic', secretGeneration: 1, jwks: undefined });
    expect(a.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.clientSecret).not.toBe(a.clientSecret);
    // Deterministic: the gateway recomputes the same secret whenever it needs it.
    await expect(clientSecretOf(macOf(), a.relyingParty)).resolves.toBe(a.clientSecret);
    await expect(registry.clientSecret(await registry.show('bank-a'))).resolves.toBe(a.clientSecret);
    // Another key, another secret; and never in the record or the audit trail.
    await expect(clientSecretOf({ ...macOf(), mac: macOf(CLIENT_SECRET_MAC_LABEL, 'other').mac }, a.relyingParty)).resolves.not.toBe(a.clientSecret);
    expect(JSON.stringify(await store.list())).not.toContain(a.clientSecret);
    expect(JSON.stringify(events)).not.toContain(a.clientSecret);
  });

  it('follow the generation: rotation gives a new secret and voids the old one', async () => {
    const { registry, events } = setup();
    const { clientSecret: first } = await registry.register(secretInput({ clientId: 'bank-a' }), 'admin:test');
    const rotated = await registry.rotateSecret('bank-a', 'admin:test');
    expect(rotated.relyingParty.secretGeneration).toBe(2);
    expect(rotated.clientSecret).not.toBe(first);
    await expect(registry.clientSecret(await registry.show('bank-a'))).resolves.toBe(rotated.clientSecret);
    expect(events.map((e) => e.action)).toEqual(['rp.registered', 'rp.secret-rotated']);
    await registry.register(keyInput({ clientId: 'keyed' }), 'admin:test');
    await expect(registry.rotateSecret('keyed', 'admin:test')).rejects.toMatchObject({ code: 'rp-invalid', details: { problems: [{ field: 'authMethod' }] } });
    await registry.disable('bank-a', 'admin:test');
    await expect(registry.rotateSecret('bank-a', 'admin:test')).rejects.toMatchObject({ code: 'rp-disabled' });
  });

  it('need the client-secret MAC key, checked before anything is stored', async () => {
    const { registry, store } = setup({ mac: null });
    await expect(registry.register(secretInput(), 'admin:test')).rejects.toThrow(CLIENT_SECRET_MAC_LABEL);
    await expect(store.list()).resolves.toEqual([]);
    await expect(registry.register(keyInput(), 'admin:test')).resolves.toBeDefined();
    expect(() => setup({ mac: macOf('pin-verifier-1') })).toThrow(CLIENT_SECRET_MAC_LABEL);
    await expect(clientSecretOf(macOf('pin-verifier-1'), { clientId: 'x', authMethod: 'client_secret_basic', secretGeneration: 1 })).rejects.toThrow(CLIENT_SECRET_MAC_LABEL);
    await expect(clientSecretOf(macOf(), { clientId: 'x', authMethod: 'private_key_jwt' })).rejects.toThrow(/no client secret/);
  });
});

describe('disabling', () => {
  it('happens once: the RP is no longer active, a second disable is refused', async () => {
    const { registry, events, advance } = setup();
    const { relyingParty } = await registry.register(keyInput({ clientId: 'naql' }), 'admin:test');
    advance(60_000);
    const disabled = await registry.disable('naql', 'admin:other');
    expect(disabled).toMatchObject({ status: 'disabled', disabledAt: new Date('2026-11-22T08:01:00Z'), createdAt: relyingParty.createdAt });
    await expect(registry.findActive('naql')).resolves.toBeUndefined();
    await expect(registry.show('naql')).resolves.toMatchObject({ status: 'disabled' });
    await expect(registry.disable('naql', 'admin:test')).rejects.toMatchObject({ code: 'rp-disabled', message: expect.stringContaining('2026-11-22T08:01:00.000Z') });
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ['rp.registered', 'admin:test'],
      ['rp.disabled', 'admin:other'],
    ]);
  });

  it('of an unknown RP says so; the gateway just finds nothing', async () => {
    const { registry } = setup();
    await expect(registry.disable('nobody', 'admin:test')).rejects.toMatchObject({ code: 'rp-unknown' });
    await expect(registry.show("x'; DROP TABLE")).rejects.toMatchObject({ code: 'rp-unknown' });
    await expect(registry.findActive('nobody')).resolves.toBeUndefined();
    await expect(registry.findActive(undefined as unknown as string)).resolves.toBeUndefined();
  });
});

describe('ensure (development seeding)', () => {
  it('registers once, then changes nothing, then follows the input', async () => {
    const { registry, events } = setup({ allowLoopbackHttp: true });
    const input = keyInput({ clientId: 'naql-demo' });
    const first = await registry.ensure(input, 'system');
    expect(first.outcome).toBe('registered');
    const again = await registry.ensure({ ...input, claims: [...input.claims].reverse(), acrValues: ['urn:theqa:loa:medium', 'high'] }, 'system');
    expect(again).toEqual({ relyingParty: first.relyingParty, outcome: 'unchanged' });
    expect(events).toHaveLength(1);

    const newKey = ecJwk('k2');
    const moved = await registry.ensure({ ...input, redirectUris: ['http://127.0.0.1:8091/callback'], jwks: { keys: [newKey] } }, 'system');
    expect(moved.outcome).toBe('updated');
    expect(moved.relyingParty).toMatchObject({ clientId: 'naql-demo', redirectUris: ['http://127.0.0.1:8091/callback'], sectorHost: '127.0.0.1', jwks: { keys: [expect.objectContaining({ kid: 'k2' })] }, createdAt: first.relyingParty.createdAt });
    expect(events.at(-1)).toMatchObject({ action: 'rp.updated', details: { changed: ['redirectUris', 'jwks', 'sectorHost'] } });
    await expect(registry.show('naql-demo')).resolves.toEqual(moved.relyingParty);

    // Requiring PAR is an administrator's decision like the others.
    const pushedOnly = await registry.ensure({ ...input, redirectUris: ['http://127.0.0.1:8091/callback'], jwks: { keys: [newKey] }, requirePushedAuthorizationRequests: true }, 'system');
    expect(pushedOnly).toMatchObject({ outcome: 'updated', relyingParty: { requirePushedAuthorizationRequests: true } });
    expect(events.at(-1)).toMatchObject({ action: 'rp.updated', details: { changed: ['requirePushedAuthorizationRequests'], require_pushed_authorization_requests: true } });
  });

  it('leaves a disabled RP disabled, needs a client id, and validates like register', async () => {
    const { registry } = setup();
    await registry.ensure(keyInput({ clientId: 'seeded' }), 'system');
    await registry.disable('seeded', 'admin:test');
    const after = await registry.ensure(keyInput({ clientId: 'seeded', name: { ar: 'جديد', en: 'New' } }), 'system');
    expect(after.relyingParty).toMatchObject({ status: 'disabled', name: { en: 'New' } });
    await expect(registry.ensure(keyInput(), 'system')).rejects.toMatchObject({ code: 'rp-invalid', details: { problems: [{ field: 'clientId' }] } });
    await expect(registry.ensure(keyInput({ clientId: 'other', redirectUris: ['http://a.example/'] }), 'system')).rejects.toMatchObject({ code: 'rp-invalid' });
  });

  it('hands out a secret only when the RP becomes a secret client', async () => {
    const { registry } = setup();
    await registry.ensure(keyInput({ clientId: 'switch' }), 'system');
    const switched = await registry.ensure(secretInput({ clientId: 'switch' }), 'system');
    expect(switched).toMatchObject({ outcome: 'updated', relyingParty: { authMethod: 'client_secret_basic', secretGeneration: 1, jwks: undefined } });
    expect(switched.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const same = await registry.ensure(secretInput({ clientId: 'switch' }), 'system');
    expect(same).toMatchObject({ outcome: 'unchanged' });
    expect(same.clientSecret).toBeUndefined();
  });
});

describe('update (the console, `rp update`): the same validation as registration', () => {
  // An edit leaves out what it does not change, so a field left out (no name, no keys) is no refusal there.
  const editable = refusals.filter(([, input, field]) => field !== 'clientId' && !Object.values(input).includes(undefined) && input.name !== undefined && input.purpose !== undefined);

  it.each(editable)('refuses an edit to %s, changing nothing', async (_what, input, field) => {
    const { registry, store, events } = setup();
    const { relyingParty } = await registry.register(keyInput({ clientId: 'edited' }), 'admin:test');
    const before = await store.find('edited');
    events.length = 0;
    const { clientId: _id, ...changes } = input;
    const error = await registry.update('edited', changes, 'admin:test').then(
      () => undefined,
      (e: unknown) => e as RelyingPartyError,
    );
    expect(error).toBeInstanceOf(RelyingPartyError);
    expect(error!.code).toBe('rp-invalid');
    expect(error!.details.problems!.map((p) => p.field)).toContainEqual(typeof field === 'string' ? field : expect.stringMatching(field));
    expect(await store.find('edited')).toEqual(before);
    expect(relyingParty.clientId).toBe('edited');
    expect(events).toEqual([]);
  });

  it('replaces the fields given, keeps the rest, audits what changed; nothing changed, nothing recorded', async () => {
    const { registry, events, advance } = setup();
    await registry.register(keyInput({ clientId: 'naql' }), 'admin:test');
    advance(60_000);
    const newKey = ecJwk('key-2');
    const edited = await registry.update('naql', { name: { ar: 'نقل الجديد', en: ' New Naql ' }, claims: ['civil_number'], acrValues: ['high'], jwks: { keys: [newKey] } }, 'admin:rp-officer');
    expect(edited.changed.sort()).toEqual(['acrValues', 'claims', 'jwks', 'name']);
    expect(edited.relyingParty).toMatchObject({
      clientId: 'naql',
      name: { ar: 'نقل الجديد', en: 'New Naql' },
      claims: ['civil_number'],
      acrValues: ['urn:theqa:loa:high'],
      redirectUris: keyInput().redirectUris,
      purpose,
      updatedAt: new Date('2026-11-22T08:01:00Z'),
    });
    expect(edited.relyingParty.jwks?.keys.map((k) => k.kid)).toEqual(['key-2']);
    expect(events.at(-1)).toMatchObject({ action: 'rp.updated', actor: 'admin:rp-officer', clientId: 'naql', details: { changed: expect.arrayContaining(['name']) } });
    const count = events.length;
    expect((await registry.update('naql', { acrValues: ['high'] }, 'admin:rp-officer')).changed).toEqual([]);
    expect(events).toHaveLength(count);
  });

  it('to client_secret_basic: the keys go and the secret is handed out once; back to keys, they are required', async () => {
    const { registry } = setup();
    await registry.register(keyInput({ clientId: 'switcher' }), 'admin:test');
    const toSecret = await registry.update('switcher', { authMethod: 'client_secret_basic' }, 'admin:test');
    expect(toSecret.relyingParty).toMatchObject({ authMethod: 'client_secret_basic', secretGeneration: 1 });
    expect(toSecret.relyingParty.jwks).toBeUndefined();
    expect(toSecret.clientSecret).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    await expect(registry.update('switcher', { authMethod: 'private_key_jwt' }, 'admin:test')).rejects.toMatchObject({ code: 'rp-invalid', details: { problems: [{ field: 'jwks' }] } });
    const back = await registry.update('switcher', { authMethod: 'private_key_jwt', jwks: { keys: [ecJwk('k3')] } }, 'admin:test');
    expect(back.relyingParty).toMatchObject({ authMethod: 'private_key_jwt', secretGeneration: undefined });
    expect(back.clientSecret).toBeUndefined();
  });

  it('the client id never changes; an unknown or disabled RP is not edited', async () => {
    const { registry } = setup();
    await registry.register(keyInput({ clientId: 'fixed' }), 'admin:test');
    await expect(registry.update('fixed', { clientId: 'other' } as never, 'admin:test')).rejects.toMatchObject({ code: 'rp-invalid', details: { problems: [{ field: 'clientId' }] } });
    await expect(registry.update('nobody-here', { ciba: true }, 'admin:test')).rejects.toMatchObject({ code: 'rp-unknown' });
    await registry.disable('fixed', 'admin:test');
    await expect(registry.update('fixed', { ciba: true }, 'admin:test')).rejects.toMatchObject({ code: 'rp-disabled' });
  });

  it('http on loopback only where registration allows it', async () => {
    const strict = setup();
    await strict.registry.register(keyInput({ clientId: 'strict' }), 'admin:test');
    await expect(strict.registry.update('strict', { redirectUris: ['http://127.0.0.1:8090/cb'] }, 'admin:test')).rejects.toMatchObject({ code: 'rp-invalid' });
    const development = setup({ allowLoopbackHttp: true });
    await development.registry.register(keyInput({ clientId: 'dev' }), 'admin:test');
    expect((await development.registry.update('dev', { redirectUris: ['http://127.0.0.1:8090/cb'], postLogoutRedirectUris: [] }, 'admin:test')).relyingParty.sectorHost).toBe('127.0.0.1');
  });
});

describe('logins per day', () => {
  it('every day of the range, zero where there were none; the range checked', async () => {
    const asked: unknown[] = [];
    const store = new InMemoryRelyingPartyStore();
    const registry = new RelyingPartyRegistry({
      store,
      events: { record: async () => undefined },
      timeZone: 'Asia/Muscat',
      logins: {
        perDay: async (clientId, range, timeZone) => {
          asked.push({ clientId, range, timeZone });
          return [{ day: '2026-02-28', logins: 3 }, { day: '2026-03-02', logins: 1 }];
        },
      },
    });
    await registry.register(keyInput({ clientId: 'counted' }), 'admin:test');
    expect(await registry.loginsPerDay('counted', { from: '2026-02-27', to: '2026-03-02' })).toEqual([
      { day: '2026-02-27', logins: 0 },
      { day: '2026-02-28', logins: 3 },
      { day: '2026-03-01', logins: 0 },
      { day: '2026-03-02', logins: 1 },
    ]);
    expect(asked).toEqual([{ clientId: 'counted', range: { from: '2026-02-27', to: '2026-03-02' }, timeZone: 'Asia/Muscat' }]);
    for (const range of [{ from: '2026-03-02', to: '2026-03-01' }, { from: '2026-02-30', to: '2026-03-01' }, { from: 'yesterday', to: '2026-03-01' }, { from: '2025-01-01', to: '2026-01-02' }]) {
      await expect(registry.loginsPerDay('counted', range)).rejects.toMatchObject({ code: 'rp-invalid' });
    }
    await expect(registry.loginsPerDay('nobody-here', { from: '2026-03-01', to: '2026-03-01' })).rejects.toMatchObject({ code: 'rp-unknown' });
    expect(asked).toHaveLength(1);
  });
});

describe('a JWKS URI instead of keys (private_key_jwt)', () => {
  it('is registered as given, on any host, and audited; the metadata carries it', async () => {
    const { registry, events } = setup();
    const { relyingParty } = await registry.register(uriInput('https://keys.naql.example.om/.well-known/jwks.json', { clientId: 'by-uri' }), 'admin:test');
    expect(relyingParty).toMatchObject({ authMethod: 'private_key_jwt', jwksUri: 'https://keys.naql.example.om/.well-known/jwks.json', jwks: undefined, sectorHost: 'naql.example.om' });
    expect(events.at(-1)).toMatchObject({ action: 'rp.registered', details: { jwks_uri: 'https://keys.naql.example.om/.well-known/jwks.json', key_ids: [] } });
    expect(clientMetadataOf(relyingParty)).toMatchObject({ jwks_uri: 'https://keys.naql.example.om/.well-known/jwks.json', token_endpoint_auth_method: 'private_key_jwt' });
    expect(clientMetadataOf(relyingParty).jwks).toBeUndefined();
  });

  it('plain http on loopback only in development', async () => {
    await expectRefused(uriInput('http://localhost:9000/jwks.json'), 'jwksUri');
    const { registry } = setup({ allowLoopbackHttp: true });
    for (const [i, uri] of ['http://127.0.0.1:9000/jwks.json', 'http://localhost:9000/jwks.json', 'http://[::1]:9000/jwks.json'].entries()) {
      expect((await registry.register(uriInput(uri, { clientId: `loopback-${i}` }), 'admin:test')).relyingParty.jwksUri).toBe(uri);
    }
    await expectRefused(uriInput('http://10.0.0.1/jwks.json'), 'jwksUri', { allowLoopbackHttp: true });
  });

  it('an edit swaps keys for a URI and back, and client_secret_basic drops the URI', async () => {
    const { registry, events } = setup();
    await registry.register(keyInput({ clientId: 'swapper' }), 'admin:test');
    const toUri = await registry.update('swapper', { jwksUri: 'https://naql.example.om/jwks.json' }, 'admin:test');
    expect(toUri.changed.sort()).toEqual(['jwks', 'jwksUri']);
    expect(toUri.relyingParty).toMatchObject({ jwksUri: 'https://naql.example.om/jwks.json', jwks: undefined });
    expect(events.at(-1)).toMatchObject({ action: 'rp.updated', details: { changed: expect.arrayContaining(['jwksUri']), jwks_uri: 'https://naql.example.om/jwks.json' } });
    const toKeys = await registry.update('swapper', { jwks: { keys: [ecJwk('k9')] } }, 'admin:test');
    expect(toKeys.relyingParty.jwksUri).toBeUndefined();
    expect(toKeys.relyingParty.jwks?.keys.map((k) => k.kid)).toEqual(['k9']);
    await registry.update('swapper', { jwksUri: 'https://naql.example.om/jwks.json' }, 'admin:test');
    const toSecret = await registry.update('swapper', { authMethod: 'client_secret_basic' }, 'admin:test');
    expect(toSecret.relyingParty).toMatchObject({ authMethod: 'client_secret_basic', jwksUri: undefined, jwks: undefined, secretGeneration: 1 });
    await expect(registry.update('swapper', { authMethod: 'private_key_jwt' }, 'admin:test')).rejects.toMatchObject({ code: 'rp-invalid', details: { problems: [{ field: 'jwks' }] } });
    expect((await registry.update('swapper', { authMethod: 'private_key_jwt', jwksUri: 'https://naql.example.om/keys' }, 'admin:test')).relyingParty).toMatchObject({ jwksUri: 'https://naql.example.om/keys', secretGeneration: undefined });
  });
});
