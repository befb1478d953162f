import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { theqaAsync } from '@theqa/testing';
import { LoginHarness, type TestRelyingParty } from './login-harness';

// Ordinary registry person 99 is this suite's (EnrolmentHarness.persons has who takes which); the
// harness counts its persons from the end of the same list.
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinaryCount = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death).length;

/**
 * A relying party that publishes its keys at a JWKS URI (issue 14: "authentication method and keys or
 * JWKS URI"): served on a local http server (development allows loopback), registered with
 * `npx theqa rp register --jwks-uri`, it logs a person in at the gateway with openid-client and
 * private_key_jwt (PAR and token endpoint), through two platform instances behind a load balancer; then
 * it rotates its key at the URI, and the next login works with the new key alone.
 */
describe('login of a relying party whose keys are at a JWKS URI', () => {
  const harness = new LoginHarness({ skipFromEnd: ordinaryCount - 100, count: 1 });
  let server: Server;
  let published: { keys: JsonWebKey[] } = { keys: [] };
  let fetches = 0;

  beforeAll(async () => {
    await harness.open();
    server = createServer((req, res) => {
      if (req.url !== '/rp/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      fetches += 1;
      // A long max-age on purpose: the gateway must not wait for it to see a rotated key.
      res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'max-age=86400' });
      res.end(JSON.stringify(published));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 240_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await harness.close();
  });

  async function signingKey(kid: string) {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    return { privateKey: pair.privateKey, publicJwk: { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, use: 'sig', alg: 'ES256' } };
  }

  async function configured(clientId: string, redirectUri: string, key: CryptoKey, kid: string): Promise<TestRelyingParty> {
    const config = await oidc.discovery(new URL(`${harness.base}/oidc`), clientId, { redirect_uris: [redirectUri] }, oidc.PrivateKeyJwt({ key, kid }), { execute: [oidc.allowInsecureRequests] });
    return { clientId, redirectUri, config, signingKey: { key, kid } };
  }

  it('registered with --jwks-uri, logs in; after a rotation at the URI, the next login works with the new key', async () => {
    const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rp/jwks.json`;
    const clientId = `jwks-uri-${Math.random().toString(36).slice(2, 10)}`;
    const redirectUri = `http://127.0.0.1:9/${clientId}/callback`;
    const first = await signingKey('rp-key-1');
    published = { keys: [first.publicJwk] };

    const registered = await theqaAsync(
      [
        'rp', 'register', '--client-id', clientId,
        '--name-ar', 'خدمة مفاتيحها منشورة', '--name-en', 'A service with published keys',
        '--redirect-uri', redirectUri,
        '--claims', 'civil_number',
        '--purpose-ar', 'اختبار تسجيل الدخول', '--purpose-en', 'Testing the login',
        '--acr', 'medium,high',
        '--auth', 'private_key_jwt', '--jwks-uri', jwksUri, '--json',
      ],
      { ...harness.env, THEQA_ENV: 'development' },
    );
    expect(registered.stderr).toBe('');
    expect(JSON.parse(registered.stdout)).toMatchObject({ client_id: clientId, auth_method: 'private_key_jwt', jwks: null, jwks_uri: jwksUri });
    expect(fetches).toBe(0); // registration stores the address; the keys are read when they are needed

    const someone = await harness.registeredPerson();
    const before = await harness.loginByPush(await configured(clientId, redirectUri, first.privateKey, 'rp-key-1'), someone);
    expect(before.tokens.claims()).toMatchObject({ aud: clientId, sub: expect.any(String), acr: expect.stringMatching(/^urn:theqa:loa:/) });
    expect(fetches).toBeGreaterThanOrEqual(1);
    // Two instances, each with its own cache: at most one fetch each, however many requests the login took.
    expect(fetches).toBeLessThanOrEqual(2);

    // The RP rotates: the old key is gone from the URI, the new one signs from now on.
    const second = await signingKey('rp-key-2');
    published = { keys: [second.publicJwk] };
    const fetchedBefore = fetches;
    const after = await harness.loginByPush(await configured(clientId, redirectUri, second.privateKey, 'rp-key-2'), someone);
    expect(after.tokens.claims()).toMatchObject({ aud: clientId, sub: before.tokens.claims()!.sub });
    expect(fetches).toBeGreaterThan(fetchedBefore);

    // The withdrawn key no longer authenticates the RP (its set was read again above).
    const stale = await configured(clientId, redirectUri, first.privateKey, 'rp-key-1');
    await expect(harness.loginByPush(stale, someone)).rejects.toMatchObject({ error: 'invalid_client' });
  });
});
