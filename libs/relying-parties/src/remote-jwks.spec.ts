import { generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { authenticateClient, InMemoryRelyingPartyStore, RelyingPartyRegistry, RemoteJwks, RemoteJwksError, type JwksDocuments } from './index';

const URI = 'https://keys.naql.example.om/jwks.json';

function ecKey(kid: string): { jwk: JsonWebKey & { kid: string }; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { jwk: { ...publicKey.export({ format: 'jwk' }), kid }, privateKey };
}

/** A relying party's JWKS endpoint as the fetcher sees it: what it serves now, and how often it was asked. */
function endpoint(initial: unknown, maxAgeSeconds?: number) {
  const state = { document: initial, maxAgeSeconds, calls: 0, failing: undefined as Error | undefined, gate: undefined as Promise<void> | undefined };
  const documents: JwksDocuments = {
    get: async (uri) => {
      expect(uri).toBe(URI);
      state.calls += 1;
      await state.gate;
      if (state.failing) throw state.failing;
      return { document: structuredClone(state.document), maxAgeSeconds: state.maxAgeSeconds };
    },
  };
  return { state, documents };
}

function clock() {
  let now = Date.parse('2026-11-22T08:00:00Z');
  return { now: () => new Date(now), advance: (seconds: number) => (now += seconds * 1000) };
}

describe('RemoteJwks', () => {
  it('keeps the set for its max-age, bounded to 5 minutes … 24 hours', async () => {
    const k1 = ecKey('k1');
    const time = clock();
    const { state, documents } = endpoint({ keys: [k1.jwk] }, 60);
    const jwks = new RemoteJwks({ documents, clock: time.now });
    expect((await jwks.keys(URI)).map((k) => k.kid)).toEqual(['k1']);
    time.advance(299);
    await jwks.keys(URI);
    expect(state.calls).toBe(1); // max-age 60 is raised to the 5-minute floor
    time.advance(2);
    await jwks.keys(URI);
    expect(state.calls).toBe(2);

    state.maxAgeSeconds = 10 * 86_400; // ten days asked for: a day kept
    time.advance(301);
    await jwks.keys(URI);
    expect(state.calls).toBe(3);
    time.advance(86_399);
    await jwks.keys(URI);
    expect(state.calls).toBe(3);
    time.advance(2);
    await jwks.keys(URI);
    expect(state.calls).toBe(4);
  });

  it('keeps only the public members of each key', async () => {
    const k1 = ecKey('k1');
    const { documents } = endpoint({ keys: [{ ...k1.jwk, use: 'sig', alg: 'ES256', x5t: 'ignored', extra: 1 }] });
    const [key] = await new RemoteJwks({ documents }).keys(URI);
    expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  });

  it.each([
    ['a private key in the set', () => ({ keys: [ecKey('ok').jwk, { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: 'leaked' }] }), /private or secret key/],
    ['a symmetric key', () => ({ keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'k' }] }), /private or secret key/],
    ['a key without kid', () => ({ keys: [{ ...ecKey('x').jwk, kid: undefined }] }), /kid/],
    ['an RSA key of 1024 bits', () => ({ keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'r' }] }), /at least 2048/],
    ['no keys member', () => ({ jwks: [] }), /must be a JWK set/],
    ['an array', () => [ecKey('k').jwk], /must be a JWK set/],
    ['an empty set', () => ({ keys: [] }), /1 to 5 keys/],
    ['JSON null', () => null, /must be a JWK set/],
  ])('refuses %s (jwks-invalid) and keeps nothing', async (_what, document, message) => {
    const { state, documents } = endpoint(document());
    const jwks = new RemoteJwks({ documents });
    const error = await jwks.keys(URI).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteJwksError);
    expect(error).toMatchObject({ code: 'jwks-invalid', message: expect.stringMatching(message) });
    await expect(jwks.keys(URI)).rejects.toMatchObject({ code: 'jwks-invalid' });
    expect(state.calls).toBe(2);
  });

  it('an endpoint that fails is jwks-unavailable, and nothing is kept', async () => {
    const { state, documents } = endpoint({ keys: [ecKey('k1').jwk] });
    state.failing = new Error('timed out after 3000 ms');
    const jwks = new RemoteJwks({ documents });
    await expect(jwks.keys(URI)).rejects.toMatchObject({ code: 'jwks-unavailable', message: expect.stringContaining('timed out after 3000 ms') });
    state.failing = undefined;
    expect(await jwks.keys(URI)).toHaveLength(1);
  });

  it('an unknown kid fetches the set again (a rotation), at most once a minute', async () => {
    const k1 = ecKey('k1');
    const k2 = ecKey('k2');
    const time = clock();
    const { state, documents } = endpoint({ keys: [k1.jwk] }, 3600);
    const jwks = new RemoteJwks({ documents, clock: time.now });
    await jwks.keys(URI, { kid: 'k1' });
    expect(state.calls).toBe(1);

    // The RP rotates: the first unknown kid refetches at once.
    state.document = { keys: [k2.jwk] };
    time.advance(5);
    expect((await jwks.keys(URI, { kid: 'k2' })).map((k) => k.kid)).toEqual(['k2']);
    expect(state.calls).toBe(2);
    // A known kid, or none, fetches nothing.
    await jwks.keys(URI, { kid: 'k2' });
    await jwks.keys(URI);
    expect(state.calls).toBe(2);

    // Made-up kids: one refetch a minute at most, however many are asked for.
    for (let i = 0; i < 50; i++) expect((await jwks.keys(URI, { kid: `made-up-${i}` })).map((k) => k.kid)).toEqual(['k2']);
    expect(state.calls).toBe(2);
    time.advance(61);
    await Promise.all(Array.from({ length: 20 }, (_, i) => jwks.keys(URI, { kid: `again-${i}` })));
    expect(state.calls).toBe(3);
  });

  it('a failed rotation check keeps the set that is still within its max-age', async () => {
    const time = clock();
    const { state, documents } = endpoint({ keys: [ecKey('k1').jwk] }, 3600);
    const jwks = new RemoteJwks({ documents, clock: time.now });
    await jwks.keys(URI);
    state.failing = new Error('connection refused');
    expect((await jwks.keys(URI, { kid: 'k2' })).map((k) => k.kid)).toEqual(['k1']);
    expect(state.calls).toBe(2);
  });

  it('requests for one URI at once share one fetch', async () => {
    const { state, documents } = endpoint({ keys: [ecKey('k1').jwk] });
    let open!: () => void;
    state.gate = new Promise<void>((resolve) => (open = resolve));
    const jwks = new RemoteJwks({ documents });
    const all = Promise.all(Array.from({ length: 100 }, () => jwks.keys(URI)));
    open();
    expect((await all).every((keys) => keys[0].kid === 'k1')).toBe(true);
    expect(state.calls).toBe(1);
  });

  it('refuses bounds that make no sense', () => {
    const { documents } = endpoint({ keys: [] });
    expect(() => new RemoteJwks({ documents, minCacheSeconds: 600, maxCacheSeconds: 300 })).toThrow(RangeError);
    expect(() => new RemoteJwks({ documents, unknownKidRefetchSeconds: -1 })).toThrow(RangeError);
  });
});

describe('client authentication with a JWKS URI (the platform APIs: /sign)', () => {
  const AUDIENCE = 'https://id.example.om/sign';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  function assertion(clientId: string, key: { jwk: { kid: string }; privateKey: KeyObject }): string {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'ES256', kid: key.jwk.kid })}.${b64({ iss: clientId, sub: clientId, aud: AUDIENCE, exp: now + 60, iat: now, jti: randomUUID() })}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  }

  it('verifies with the published keys, follows a rotation, and refuses without a fetcher', async () => {
    const k1 = ecKey('k1');
    const k2 = ecKey('k2');
    const registry = new RelyingPartyRegistry({ store: new InMemoryRelyingPartyStore(), events: { record: async () => undefined } });
    await registry.register(
      {
        clientId: 'published',
        name: { ar: 'نقل', en: 'Naql' },
        redirectUris: ['https://naql.example.om/cb'],
        claims: ['civil_number'],
        purpose: { ar: 'التحقق من الهوية', en: 'To verify the identity' },
        acrValues: ['medium'],
        authMethod: 'private_key_jwt',
        jwksUri: URI,
      },
      'admin:test',
    );
    const { state, documents } = endpoint({ keys: [k1.jwk] }, 3600);
    const used = new Set<string>();
    const options = {
      findActive: (id: string) => registry.findActive(id),
      clientSecret: async () => '',
      uses: { use: async (_c: string, jti: string) => !used.has(jti) && Boolean(used.add(jti)) },
      audience: AUDIENCE,
      remoteJwks: new RemoteJwks({ documents }),
    };
    await expect(authenticateClient(`Bearer ${assertion('published', k1)}`, options)).resolves.toMatchObject({ clientId: 'published' });
    state.document = { keys: [k2.jwk] };
    await expect(authenticateClient(`Bearer ${assertion('published', k2)}`, options)).resolves.toMatchObject({ clientId: 'published' });
    expect(state.calls).toBe(2);
    // A key the RP withdrew is refused once the set was fetched again.
    await expect(authenticateClient(`Bearer ${assertion('published', k1)}`, options)).rejects.toThrow(/does not verify/);
    await expect(authenticateClient(`Bearer ${assertion('published', k2)}`, { ...options, remoteJwks: undefined })).rejects.toThrow(/no keys this API can read/);
    state.failing = new Error('unreachable');
    await expect(authenticateClient(`Bearer ${assertion('published', k2)}`, { ...options, remoteJwks: new RemoteJwks({ documents }) })).rejects.toThrow(/cannot be used: the keys at .* could not be fetched: unreachable/);
  });
});
