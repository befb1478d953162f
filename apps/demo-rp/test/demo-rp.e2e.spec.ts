import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, WORKSPACE_ROOT } from '@theqa/testing';
import { acceptableAcr, createDemoRp, DemoRpConfigError, DemoRpKeyError, readDemoRpConfig, type DemoRpConfig, type RunningDemoRp } from '../src';
import { ACR_HIGH, ACR_MEDIUM, startStandInProvider, type StandInProvider } from './stand-in-provider';

const CLIENT_ID = 'naql-demo';

/** A browser's cookie handling, enough for two loopback origins: name + path, expiry, no domains. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response, url: URL): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let cookiePath = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const attribute of attributes) {
        const [key, val = ''] = attribute.split('=');
        if (/^path$/i.test(key)) cookiePath = val;
        if (/^max-age$/i.test(key) && Number(val) <= 0) expired = true;
        if (/^expires$/i.test(key) && Date.parse(val) <= Date.now()) expired = true;
      }
      const id = `${name};${cookiePath}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, path: cookiePath });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(name: string): { value: string; path: string } | undefined {
    return [...this.cookies.values()].find((c) => c.name === name);
  }

  names(): string[] {
    return [...this.cookies.values()].map((c) => c.name);
  }

  set(name: string, value: string, cookiePath: string): void {
    this.cookies.set(`${name};${cookiePath}`, { name, value, path: cookiePath });
  }
}

/** One request as a browser would send it (no automatic redirects). */
async function request(jar: CookieJar, url: string | URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
  const target = new URL(url);
  const headers: Record<string, string> = {};
  const cookie = jar.header(target);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const response = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
  jar.store(response, target);
  return response;
}

/** Follows redirects as a browser does (GET after 303), returning the last response, its URL and body. */
async function follow(jar: CookieJar, first: Response, from: URL): Promise<{ response: Response; url: URL; body: string; trail: URL[] }> {
  let response = first;
  let url = from;
  const trail: URL[] = [];
  for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
    if (hops > 20) throw new Error('too many redirects');
    await response.arrayBuffer();
    url = new URL(response.headers.get('location')!, url);
    trail.push(url);
    response = await request(jar, url);
  }
  return { response, url, body: await response.text(), trail };
}

function formAction(html: string, base: URL): URL {
  const match = /<form[^>]*action="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no form in:\n${html}`);
  return new URL(match[1].replace(/&amp;/g, '&'), base);
}

function writeClientKey(dir: string): Record<string, unknown> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'client-key.jwk.json'), JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'naql-demo-1' }), { mode: 0o600 });
  return { ...publicKey.export({ format: 'jwk' }), kid: 'naql-demo-1', use: 'sig', alg: 'ES256' };
}

const noStack = (body: string) => {
  expect(body).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(body).not.toContain('node_modules');
  expect(body).not.toContain('Error:');
};

describe('demo-rp (Naql demo) against a real oidc-provider', () => {
  let tmp: string;
  let op: StandInProvider;
  let rp: RunningDemoRp;
  let config: DemoRpConfig;
  const logs: string[] = [];
  let base: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-rp-'));
    const publicJwk = writeClientKey(path.join(tmp, 'demo-rp'));
    const [rpPort, opPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${rpPort}`;
    op = await startStandInProvider({ port: opPort, clientJwk: publicJwk, rpBaseUrl: base, clientId: CLIENT_ID });
    config = readDemoRpConfig({
      DEMO_RP_PORT: String(rpPort),
      DEMO_RP_ISSUER: op.issuer,
      THEQA_DATA_DIR: tmp,
      DEMO_RP_CLAIMS: 'civil_number full_name_ar full_name_en date_of_birth nationality occupation',
    });
    rp = await createDemoRp(config, { log: (line) => logs.push(line) }).start();
  });

  afterAll(async () => {
    await rp?.close();
    await op?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads its key from <THEQA_DATA_DIR>/demo-rp and makes a 0600 cookie key beside it', () => {
    expect(config.keyFile).toBe(path.join(tmp, 'demo-rp', 'client-key.jwk.json'));
    expect(config.baseUrl).toBe(base);
    const stat = fs.statSync(path.join(tmp, 'demo-rp', 'cookie-key'));
    expect(stat.size).toBe(32);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('serves the start page in Arabic by default and in English on ?lang=en, with security headers', async () => {
    const jar = new CookieJar();
    const ar = await request(jar, `${base}/`);
    const arHtml = await ar.text();
    expect(ar.status).toBe(200);
    expect(arHtml).toContain('<html lang="ar" dir="rtl">');
    expect(arHtml).toContain('نقل (تجريبي)');
    expect(arHtml).toContain('تسجيل الدخول عبر ثقة');
    expect(arHtml).toContain('name="high"');
    expect(arHtml).toContain('الاسم الكامل العربي');
    expect(arHtml).not.toMatch(/<script|style=/i);
    expect(ar.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(ar.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ar.headers.get('referrer-policy')).toBe('no-referrer');

    const en = await request(jar, `${base}/?lang=en`);
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en" dir="ltr">');
    expect(enHtml).toContain('Naql (demo)');
    expect(enHtml).toContain('Log in with Theqa');
    expect(enHtml).toContain(ACR_HIGH);

    const health = await request(jar, `${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('logs in with PAR, PKCE, private_key_jwt and DPoP, shows the released claims and acr, and logs out', async () => {
    const jar = new CookieJar();
    const login = await request(jar, `${base}/login`, { form: { lang: 'ar', high: '1' } });
    expect(login.status).toBe(303);
    const authorize = new URL(login.headers.get('location')!);
    // PAR: the browser carries only client_id and request_uri; everything else went back-channel.
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${op.issuer}/auth`);
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(authorize.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(op.seen.pushedRequests).toBe(1);
    const txCookie = jar.names().find((n) => n.startsWith('naql_tx_'))!;
    expect(jar.get(txCookie)!.path).toBe('/callback');
    const setCookie = login.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=600/);

    // The provider's login form (devInteractions), then its consent page.
    const loginPage = await follow(jar, await request(jar, authorize), authorize);
    expect(loginPage.response.status).toBe(200);
    expect(loginPage.body).toContain('name="login"');
    const consentPage = await follow(jar, await request(jar, formAction(loginPage.body, loginPage.url), { form: { prompt: 'login', login: 'salim', password: 'any' } }), loginPage.url);
    expect(consentPage.body).toContain('name="prompt" value="consent"');
    expect(consentPage.body).toContain('civil_number');
    const done = await follow(jar, await request(jar, formAction(consentPage.body, consentPage.url), { form: { prompt: 'consent' } }), consentPage.url);

    expect(done.url.origin + done.url.pathname).toBe(`${base}/callback`);
    if (done.response.status !== 200) throw new Error(`callback answered ${done.response.status}:\n${done.body}\n${logs.join('\n')}`);
    const page = done.body;
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('تم تسجيل الدخول');
    expect(page).toContain(ACR_HIGH);
    expect(page).toContain('عالٍ');
    // Released claims with both labels.
    expect(page).toContain('12345678');
    expect(page).toContain('رقم المدني');
    expect(page).toContain('Civil number');
    expect(page).toContain('سالم بن سعيد البلوشي');
    expect(page).toContain('Full name (Arabic)');
    expect(page).toContain('مهندس / Engineer');
    // Escaped, never markup.
    expect(page).toContain('Salim Said Al Balushi &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    // Not asked for, so not released.
    expect(page).not.toContain('P1234567');
    // Pairwise subject: not the account id.
    const sub = /&quot;sub&quot;: &quot;([^&]+)&quot;/.exec(page)![1];
    expect(sub).not.toBe('salim');
    expect(page).toContain(`<code>${sub}</code>`);
    expect(page).toMatch(/&quot;auth_time&quot;: \d+/);
    expect(page).toContain(`&quot;iss&quot;: &quot;${op.issuer}&quot;`);
    expect(page).toContain('&quot;acr&quot;: &quot;urn:theqa:loa:high&quot;');
    expect(done.response.headers.get('cache-control')).toBe('no-store');

    // What the provider saw: DPoP-bound code and access token, private_key_jwt at the token endpoint.
    expect(op.seen.authorizationCodes).toHaveLength(1);
    expect(op.seen.authorizationCodes[0].dpopJkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(op.seen.authorizationCodes[0].acr).toBe(ACR_HIGH);
    expect(op.seen.accessTokens).toHaveLength(1);
    expect(op.seen.accessTokens[0].jkt).toBe(op.seen.authorizationCodes[0].dpopJkt);
    expect(op.seen.grants).toEqual([{ clientAuthMethod: 'private_key_jwt', clientAssertionType: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', dpop: true }]);

    // The transaction is used up; the ID token is kept only for logout.
    expect(jar.names().filter((n) => n.startsWith('naql_tx_'))).toEqual([]);
    expect(jar.get('naql_session')!.path).toBe('/logout');
    const replay = await request(jar, done.url);
    expect(replay.status).toBe(400);

    // RP-initiated logout: to the provider with id_token_hint, and back to the start page.
    const logout = await request(jar, `${base}/logout`, { form: { lang: 'ar' } });
    expect(logout.status).toBe(303);
    const endSession = new URL(logout.headers.get('location')!);
    expect(endSession.pathname).toBe('/oidc/session/end');
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/`);
    expect(endSession.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(jar.get('naql_session')).toBeUndefined();
    const confirm = await follow(jar, await request(jar, endSession), endSession);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.body)![1];
    const back = await follow(jar, await request(jar, formAction(confirm.body, confirm.url), { form: { xsrf, logout: 'yes' } }), confirm.url);
    expect(back.url.href).toBe(`${base}/`);
    expect(back.body).toContain('تسجيل الدخول عبر ثقة');
    expect(op.seen.endSessions).toBe(1);
  });

  it('accepts a medium login when high is not required, in English', async () => {
    const jar = new CookieJar();
    const login = await request(jar, `${base}/login`, { form: { lang: 'en' } });
    const loginPage = await follow(jar, login, new URL(`${base}/login`));
    const consentPage = await follow(jar, await request(jar, formAction(loginPage.body, loginPage.url), { form: { prompt: 'login', login: 'maryam', password: 'any' } }), loginPage.url);
    const done = await follow(jar, await request(jar, formAction(consentPage.body, consentPage.url), { form: { prompt: 'consent' } }), consentPage.url);
    expect(done.response.status).toBe(200);
    expect(done.body).toContain('<html lang="en" dir="ltr">');
    expect(done.body).toContain('You are logged in');
    expect(done.body).toContain(ACR_MEDIUM);
    expect(done.body).toContain('Maryam Ali Al Harthi');
  });

  it('refuses a medium login when high was required (oidc-provider itself lets it through)', async () => {
    const jar = new CookieJar();
    const login = await request(jar, `${base}/login`, { form: { lang: 'en', high: '1' } });
    const loginPage = await follow(jar, login, new URL(`${base}/login`));
    const consentPage = await follow(jar, await request(jar, formAction(loginPage.body, loginPage.url), { form: { prompt: 'login', login: 'maryam', password: 'any' } }), loginPage.url);
    // oidc-provider's default policy accepts a fresh login whatever its acr, even against an essential acr request.
    expect(consentPage.body).toContain('name="prompt" value="consent"');
    const done = await follow(jar, await request(jar, formAction(consentPage.body, consentPage.url), { form: { prompt: 'consent' } }), consentPage.url);
    expect(done.url.pathname).toBe('/callback');
    expect(op.seen.authorizationCodes.at(-1)!.acr).toBe(ACR_MEDIUM);
    expect(done.response.status).toBe(403);
    expect(done.body).toContain('The required assurance level was not met');
    expect(done.body).toContain(`acr: ${ACR_MEDIUM}`);
    expect(done.body).not.toContain('Maryam');
    expect(jar.get('naql_session')).toBeUndefined();
    noStack(done.body);
  });

  it('checks the acr itself too: high only when high was required', () => {
    expect(acceptableAcr('high', ACR_HIGH)).toBe(true);
    expect(acceptableAcr('high', ACR_MEDIUM)).toBe(false);
    expect(acceptableAcr('high', undefined)).toBe(false);
    expect(acceptableAcr('medium', ACR_MEDIUM)).toBe(true);
    expect(acceptableAcr('medium', ACR_HIGH)).toBe(true);
    expect(acceptableAcr('medium', 'urn:theqa:loa:low')).toBe(false);
  });

  it('shows the refusal in Arabic when the person cancels at the provider', async () => {
    const jar = new CookieJar();
    const login = await request(jar, `${base}/login`, { form: { lang: 'ar' } });
    const loginPage = await follow(jar, login, new URL(`${base}/login`));
    const abort = new URL(/href="([^"]+\/abort)"/.exec(loginPage.body)![1], loginPage.url);
    const done = await follow(jar, await request(jar, abort), abort);
    expect(done.url.pathname).toBe('/callback');
    expect(done.url.searchParams.get('error')).toBe('access_denied');
    expect(done.response.status).toBe(403);
    expect(done.body).toContain('<html lang="ar" dir="rtl">');
    expect(done.body).toContain('تم رفض تسجيل الدخول');
    expect(done.body).toContain('access_denied');
    expect(done.body).toContain('حاول مرة أخرى');
    noStack(done.body);
    expect(jar.names().filter((n) => n.startsWith('naql_tx_'))).toEqual([]);
  });

  it('renders ?error=access_denied on /callback as a clear page, escaping the description', async () => {
    const jar = new CookieJar();
    const response = await request(jar, `${base}/callback?error=access_denied&error_description=${encodeURIComponent('<b>no</b> thanks')}`);
    const body = await response.text();
    expect(response.status).toBe(403);
    expect(body).toContain('تم رفض تسجيل الدخول');
    expect(body).toContain('&lt;b&gt;no&lt;/b&gt; thanks');
    expect(body).toContain('href="/"');
    noStack(body);

    const english = await request(jar, `${base}/callback?error=access_denied&lang=en`);
    expect(await english.text()).toContain('Login was refused');
  });

  it('refuses a tampered, missing or foreign transaction cookie with a clean 400 page', async () => {
    const jar = new CookieJar();
    const login = await request(jar, `${base}/login`, { form: { lang: 'ar' } });
    expect(login.status).toBe(303);
    const name = jar.names().find((n) => n.startsWith('naql_tx_'))!;
    const state = name.slice('naql_tx_'.length);
    const original = jar.get(name)!.value;
    const flipped = original.slice(0, 20) + (original[20] === 'A' ? 'B' : 'A') + original.slice(21);
    jar.set(name, flipped, '/callback');
    const tampered = await request(jar, `${base}/callback?code=abc&state=${state}`);
    const body = await tampered.text();
    expect(tampered.status).toBe(400);
    expect(body).toContain('بيانات عملية تسجيل الدخول غير صالحة');
    expect(body).toContain('transaction_invalid');
    noStack(body);
    expect(logs.some((l) => l.includes('refused: tampered'))).toBe(true);

    // A valid cookie sealed for another state is refused too (the cookie name is authenticated).
    const other = new CookieJar();
    await request(other, `${base}/login`, { form: { lang: 'ar' } });
    const otherName = other.names().find((n) => n.startsWith('naql_tx_'))!;
    const swapped = new CookieJar();
    swapped.set(name, other.get(otherName)!.value, '/callback');
    const foreign = await request(swapped, `${base}/callback?code=abc&state=${state}`);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain('transaction_invalid');

    const missing = await request(new CookieJar(), `${base}/callback?code=abc&state=${state}`);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('لا توجد عملية تسجيل دخول جارية');
  });

  it('answers 404 and bad input with pages, not stacks', async () => {
    const jar = new CookieJar();
    const missing = await request(jar, `${base}/nowhere`);
    expect(missing.status).toBe(404);
    noStack(await missing.text());
    const big = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `lang=${'x'.repeat(10_000)}` });
    expect([400, 413]).toContain(big.status);
    noStack(await big.text());
  });

  it('shows a friendly 502 page when the provider cannot be reached', async () => {
    const deadPort = await freePort();
    const unreachable = await createDemoRp(
      { ...config, port: await freePort(), issuer: `http://127.0.0.1:${deadPort}/oidc` },
      { log: () => undefined, providerTimeoutSeconds: 2 },
    ).start();
    try {
      const response = await request(new CookieJar(), `${unreachable.url}/login`, { form: { lang: 'en' } });
      const body = await response.text();
      expect(response.status).toBe(502);
      expect(body).toContain('Theqa cannot be reached');
      noStack(body);
    } finally {
      await unreachable.close();
    }
  });

  it('stops the start with a clear message when the key file is missing', () => {
    const keyFile = path.join(tmp, 'nowhere', 'client-key.jwk.json');
    expect(() => createDemoRp({ ...config, keyFile })).toThrow(DemoRpKeyError);
    expect(() => createDemoRp({ ...config, keyFile })).toThrow(/client key file .*nowhere\/client-key\.jwk\.json does not exist.*DEMO_RP_KEY_FILE/s);

    const broken = path.join(tmp, 'broken.jwk.json');
    fs.writeFileSync(broken, JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }));
    expect(() => createDemoRp({ ...config, keyFile: broken })).toThrow(/not a usable private P-256 JWK.*private key.*"kid" is required/s);
  });

  it('main exits 78 with the message when the key file is missing', async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/run-ts.cjs'), 'apps/demo-rp/src/main.ts'], {
      cwd: WORKSPACE_ROOT,
      env: { ...process.env, DEMO_RP_KEY_FILE: path.join(tmp, 'absent.jwk.json'), DEMO_RP_PORT: String(await freePort()) },
    }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(78);
    expect(error?.stderr).toContain('absent.jwk.json does not exist');
  });
});

describe('demo-rp configuration', () => {
  it('has the documented defaults', () => {
    const config = readDemoRpConfig({});
    expect(config).toEqual({
      port: 8090,
      host: '127.0.0.1',
      issuer: 'http://127.0.0.1:8080/oidc',
      clientId: 'naql-demo',
      keyFile: path.resolve('.data/demo-rp/client-key.jwk.json'),
      baseUrl: 'http://127.0.0.1:8090',
      claims: ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'],
    });
  });

  it('names every bad value', () => {
    let error: DemoRpConfigError | undefined;
    try {
      readDemoRpConfig({
        DEMO_RP_PORT: '99999',
        DEMO_RP_ISSUER: 'http://theqa.example.om/oidc',
        DEMO_RP_BASE_URL: 'ftp://x',
        DEMO_RP_CLIENT_ID: 'has space',
        DEMO_RP_CLAIMS: 'civil_number shoe_size',
      });
    } catch (e) {
      error = e as DemoRpConfigError;
    }
    expect(error).toBeInstanceOf(DemoRpConfigError);
    expect(error!.problems).toHaveLength(5);
    expect(error!.message).toContain('DEMO_RP_PORT must be a whole number between 1 and 65535 (got "99999")');
    expect(error!.message).toContain('DEMO_RP_ISSUER must use https unless the issuer is on this machine');
    expect(error!.message).toContain('DEMO_RP_BASE_URL must be an absolute http(s) URL');
    expect(error!.message).toContain('DEMO_RP_CLIENT_ID');
    expect(error!.message).toContain('shoe_size');
    expect(() => readDemoRpConfig({ DEMO_RP_ISSUER: 'not a url' })).toThrow(/DEMO_RP_ISSUER must be an absolute http\(s\) URL/);
    expect(readDemoRpConfig({ DEMO_RP_ISSUER: 'https://theqa.example.om/oidc' }).issuer).toBe('https://theqa.example.om/oidc');
    expect(readDemoRpConfig({ DEMO_RP_BASE_URL: 'https://naql-demo.example.om/' }).baseUrl).toBe('https://naql-demo.example.om');
  });
});
