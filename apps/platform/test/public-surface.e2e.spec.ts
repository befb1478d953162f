import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { AuditedRelyingPartyEvents, createDataSource, PostgresAuditLog, PostgresRelyingPartyStore } from '@theqa/persistence';
import { RelyingPartyRegistry } from '@theqa/relying-parties';
import { freePort, PlatformProcess } from '@theqa/testing';

/**
 * The platform as the public reaches it: behind a proxy that terminates TLS (PUBLIC_BASE_URL is https;
 * the proxy says so with X-Forwarded-Proto), with its issuance API under attack from outside.
 */
describe('the public HTTP surface, served over https', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-public-surface-'));
  const token = 'public-surface-Token-0123456789abcdef';
  const HSTS = 'max-age=31536000; includeSubDomains';
  let platform: PlatformProcess;
  let dataSource: DataSource;

  beforeAll(async () => {
    const port = await freePort();
    platform = new PlatformProcess(port, { ...process.env, THEQA_DATA_DIR: path.join(dir, 'data'), PUBLIC_BASE_URL: 'https://theqa.example.test', THEQA_CA_API_TOKEN: token, LOG_LEVEL: 'warn' });
    await platform.start();
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 1 });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await platform?.stop();
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const proxied = { 'x-forwarded-proto': 'https' };

  it('sends Strict-Transport-Security on every response: framework routes, fast paths, the OpenID Provider, static files, errors', async () => {
    const answers = await Promise.all([
      fetch(`${platform.url}/health`),
      fetch(`${platform.url}/certainly/not/here`),
      fetch(`${platform.url}/ca/certs/theqa-root-ca.pem`),
      fetch(`${platform.url}/ca/ocsp/not-a-request`),
      fetch(`${platform.url}/ca/certificates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      fetch(`${platform.url}/oidc/.well-known/openid-configuration`, { headers: proxied }),
      fetch(`${platform.url}/wallet/`),
      fetch(`${platform.url}/enrolment/journeys`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' }),
    ]);
    for (const answer of answers) expect({ url: answer.url, hsts: answer.headers.get('strict-transport-security') }).toEqual({ url: answer.url, hsts: HSTS });
  });

  it('marks the login pages’ cookies Secure: the language and the browser key', async () => {
    const language = await fetch(`${platform.url}/login/no-such-interaction?lang=en`, { headers: proxied });
    const lang = language.headers.getSetCookie().find((c) => c.startsWith('theqa_lang='));
    expect(lang).toMatch(/;\s*Secure/i);

    // The browser key is set when a person asks for a push: that needs a login under way.
    const clientId = `surface-${Date.now()}`;
    const redirectUri = `http://127.0.0.1:9/${clientId}/callback`;
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = { ...(await crypto.subtle.exportKey('jwk', keys.publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' };
    const registry = new RelyingPartyRegistry({ store: new PostgresRelyingPartyStore(dataSource), events: new AuditedRelyingPartyEvents(new PostgresAuditLog(dataSource)), allowLoopbackHttp: true });
    await registry.register(
      {
        clientId,
        name: { ar: 'خدمة اختبار', en: 'Test service' },
        redirectUris: [redirectUri],
        claims: ['full_name_en'],
        purpose: { ar: 'اختبار', en: 'Testing' },
        acrValues: ['medium', 'high'],
        authMethod: 'private_key_jwt',
        jwks: { keys: [jwk] },
      },
      'test',
    );
    const jar = new Map<string, string>();
    const visit = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...proxied, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(init.headers as Record<string, string>) } });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res;
    };
    const authorize = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri, state: 'surface', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    const started = await visit(`${platform.url}/oidc/auth?${authorize}`);
    const uid = /\/login\/([A-Za-z0-9_-]+)$/.exec(new URL(started.headers.get('location') ?? '', platform.url).pathname)?.[1];
    expect(uid).toBeDefined();
    const pushed = await visit(`${platform.url}/login/${uid}/push`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'civil_number=12345678' });
    expect(pushed.status).toBe(303);
    const browser = pushed.headers.getSetCookie().find((c) => c.startsWith('theqa_browser='));
    expect(browser).toMatch(/;\s*Secure/i);
    expect(browser).toMatch(/;\s*HttpOnly/i);
  });

  it('reads the enrolment journey token after `bearer` in lower case', async () => {
    const res = await fetch(`${platform.url}/enrolment/journeys/current/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `bearer ${'A'.repeat(43)}` },
      body: JSON.stringify({ email: 'a@example.com', phone: '+96891234567' }),
    });
    // Read as a token (of no journey), not refused as a missing one.
    expect((await res.json()).type).toBe('urn:theqa:problem:journey-unknown');
  });

  it('refuses unauthenticated 850 KB issuance bodies of 50,000 keys at once, and /health stays responsive meanwhile', async () => {
    const padding = Array.from({ length: 50_000 }, (_, i) => `"k${String(i).padStart(5, '0')}":"vvvv"`).join(',');
    const body = `{"csr":"MII","profile":"qualified-signing","identity":{"civil_number":"12345678"},${padding}}`;
    expect(body.length).toBeGreaterThan(800_000);
    let attacking = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (attacking) {
        const started = performance.now();
        expect((await fetch(`${platform.url}/health`)).status).toBe(200);
        latencies.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const attack = async () => {
      const started = performance.now();
      const res = await fetch(`${platform.url}/ca/certificates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, type: (await res.json()).type, ms: performance.now() - started };
    };
    const answers = [];
    // Waves of six at once: each of these took about 3 s of the event loop before.
    for (let wave = 0; wave < 3; wave++) answers.push(...(await Promise.all(Array.from({ length: 6 }, attack))));
    attacking = false;
    await probe;
    for (const answer of answers) expect(answer).toMatchObject({ status: 401, type: 'urn:theqa:problem:unauthorized' });
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2_000);
    expect(latencies.length).toBeGreaterThan(0);
    // Generous: a loaded two-core machine; before, /health waited for seconds behind the validation.
    expect(Math.max(...latencies)).toBeLessThan(1_000);
  });
});
