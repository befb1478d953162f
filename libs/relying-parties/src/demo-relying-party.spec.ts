import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CLIENT_ID, demoClientKeys, demoRelyingParty, InMemoryRelyingPartyStore, jwkThumbprint, RelyingPartyRegistry, validateRegistration } from './index';

describe('the demo relying party', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-demo-rp-')), 'keys');
  });
  afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('makes its key once (file 0600 in a folder 0700), and every later call reads the same one', async () => {
    const first = await demoClientKeys(dir);
    const file = path.join(dir, 'client-key.jwk.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(first.privateJwk);
    expect(first.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String), kid: jwkThumbprint(first.privateJwk), alg: 'ES256' });
    expect(first.publicJwks.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: first.privateJwk.x, y: first.privateJwk.y, kid: first.privateJwk.kid, use: 'sig', alg: 'ES256' }]);
    expect(first.publicJwks.keys[0]).not.toHaveProperty('d');
    await expect(demoClientKeys(dir)).resolves.toEqual(first);
    expect(fs.readdirSync(dir)).toEqual(['client-key.jwk.json']);

    // The public half registered is the half of the private key in the file.
    const data = Buffer.from('client assertion');
    const signature = sign('sha256', data, createPrivateKey({ key: first.privateJwk, format: 'jwk' }));
    expect(verify('sha256', data, createPublicKey({ key: first.publicJwks.keys[0], format: 'jwk' }), signature)).toBe(true);
  });

  it('agrees on one key when several starts race to make it', async () => {
    const all = await Promise.all(Array.from({ length: 6 }, () => demoClientKeys(dir)));
    expect(new Set(all.map((k) => k.privateJwk.kid)).size).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['client-key.jwk.json']);
  });

  it('refuses a damaged key file rather than replacing it', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'client-key.jwk.json'), '{"kty":"RSA"}');
    await expect(demoClientKeys(dir)).rejects.toThrow(/not an EC P-256 private JWK/);
  });

  it('registers in development (loopback http), and only there', async () => {
    const { publicJwks } = await demoClientKeys(dir);
    const registry = new RelyingPartyRegistry({ store: new InMemoryRelyingPartyStore(), events: { record: async () => undefined }, allowLoopbackHttp: true });
    const { relyingParty } = await registry.register(demoRelyingParty(publicJwks), 'system');
    expect(relyingParty).toMatchObject({
      clientId: DEMO_CLIENT_ID,
      name: { ar: 'نقل (تجريبي)', en: 'Naql (demo)' },
      redirectUris: ['http://127.0.0.1:8090/callback'],
      claims: ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'],
      acrValues: ['urn:theqa:loa:medium', 'urn:theqa:loa:high'],
      ciba: true,
      sectorHost: '127.0.0.1',
    });
    expect(() => validateRegistration(demoRelyingParty(publicJwks), { allowLoopbackHttp: false })).toThrow(/redirectUris\[0\]/);
  });

  it('computes RFC 7638 thumbprints (the RFC’s own example)', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    expect(jwkThumbprint({ kty: 'RSA', n, e: 'AQAB', alg: 'RS256', kid: '2011-04-29' })).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});
