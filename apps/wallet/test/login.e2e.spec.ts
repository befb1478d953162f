import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as oidc from 'openid-client';
import { ConsentService } from '@theqa/consent';
import { AuditedConsentEvents, PostgresAuditLog, PostgresConsentStore, PostgresIssuedUnderConsent } from '@theqa/persistence';
import { chromiumIsAvailable, launchChromium, TestBrowser, theqaAsync, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';
import { approveLogin } from '../src/cli/login-approval';
import { GatewayPages, LoginHarness } from './login-harness';

/**
 * The login of the issue, end to end: the demo relying party (openid-client: PAR, PKCE, private_key_jwt,
 * DPoP) logs a registered person in by QR and by push, the wallet approving; CIBA in poll mode; and
 * every step lands on alternating gateway instances that share one PostgreSQL.
 */
describe('logging in at a relying party with the wallet', () => {
  const harness = new LoginHarness();

  beforeAll(() => harness.open(), 180_000);
  afterAll(() => harness.close());

  const DEMO_CLAIMS = ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'];

  function releasedOn(page: string): Record<string, string> {
    const rows = [...page.matchAll(/<tr><td><code>([a-z_]+)<\/code><\/td><td>[^]*?<\/td><td>([^<]*)<\/td><\/tr>/g)];
    return Object.fromEntries(rows.map((r) => [r[1], r[2]]));
  }

  it('by QR: the demo RP receives exactly the consented claims, the wallet CLI approving', async () => {
    const { person, home, pin } = await harness.registeredPerson();
    const browser = new TestBrowser();
    const pages = new GatewayPages(browser, harness.base);
    const hitsBefore = [...harness.balancer.hits];

    await browser.request(`${harness.demoRp}/`);
    const toGateway = await browser.request(`${harness.demoRp}/login`, { form: { lang: 'ar' } });
    if (toGateway.status !== 303) throw new Error(`the demo RP did not send the browser to the gateway: ${toGateway.text.slice(0, 1000)}\n${harness.instances.map((i) => i.output.join('')).join('\n---\n').slice(-4000)}`);
    // PAR: the front channel carries only the client and the request_uri.
    expect([...new URL(toGateway.location!).searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    const uid = await pages.open(toGateway.location!);
    const { payload, code, page } = await pages.chooseQr(uid);
    expect(page).toContain('dir="rtl"');
    expect(page).toContain('<svg');

    const approved = await theqaAsync(['wallet', '--home', home, 'approve', '--qr', payload, '--code', code, '--pin', pin, '--json'], harness.env);
    expect(approved.status).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', relying_party: { en: 'Naql (demo)' } });

    const done = await pages.continueTo(uid, `${harness.demoRp}/callback`, 'agree');
    // The declaration lists the data and the purpose, as the guide's screen does.
    expect(done.consentPage).toContain('البيانات التي سيتم مشاركتها مع نقل (تجريبي)');
    expect(done.consentPage).toContain('التحقق من هوية مقدم طلب تسجيل المركبة');
    expect([...done.consentPage!.matchAll(/data-claim="([a-z_]+)"/g)].map((m) => m[1]).sort()).toEqual([...DEMO_CLAIMS].sort());
    if (!done.location) throw new Error(`the login did not come back:\n${browser.visited.join('\n')}\n${done.page?.slice(0, 1000)}`);
    expect(done.location).toMatch(/\/callback\?code=/);

    const result = await browser.request(done.location!);
    expect(result.status).toBe(200);
    const released = releasedOn(result.text);
    expect(Object.keys(released).sort()).toEqual([...DEMO_CLAIMS].sort());
    expect(released.civil_number).toBe(person.civil_number);
    expect(released.full_name_en).toBe(person.full_name_en);
    expect(result.text).toContain('urn:theqa:loa:medium');
    // Pairwise: the relying party's subject is not the civil number.
    expect(result.text).not.toMatch(new RegExp(`"sub": "${person.civil_number}"`));
    // Both instances served this login.
    expect(harness.balancer.hits.every((hits, i) => hits > hitsBefore[i])).toBe(true);
  });

  it('by push: the number on the page is among the three in the wallet; an earlier consent is not asked again, a withdrawn one is', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const consents = new ConsentService({
      store: new PostgresConsentStore(harness.dataSource),
      events: new AuditedConsentEvents(new PostgresAuditLog(harness.dataSource)),
      issued: new PostgresIssuedUnderConsent(harness.dataSource),
    });

    const login = async (consent?: 'agree') => {
      const browser = new TestBrowser();
      const pages = new GatewayPages(browser, harness.base);
      const toGateway = await browser.request(`${harness.demoRp}/login`, { form: { lang: 'en' } });
      const uid = await pages.open(toGateway.location!);
      const pushed = await pages.choosePush(uid, person.civil_number);
      expect(pushed.status).toBe(200);
      let shown: string[] = [];
      const result = await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, code: pushed.code, pin, show: (l) => (shown = l.codes ?? []) });
      expect(shown).toHaveLength(3);
      expect(shown).toContain(pushed.code);
      expect(result.status).toBe('approved');
      const done = await pages.continueTo(uid, `${harness.demoRp}/callback`, consent);
      const page = await browser.request(done.location!);
      return { done, page };
    };

    const first = await login('agree');
    expect(first.done.consentPage).toBeDefined();
    expect(first.page.status).toBe(200);

    const second = await login();
    expect(second.done.consentPage).toBeUndefined();
    expect(Object.keys(releasedOn(second.page.text)).sort()).toEqual([...DEMO_CLAIMS].sort());

    const [current] = (await consents.list(person.civil_number)).filter((c) => !c.withdrawnAt);
    const withdrawn = await theqaAsync(['consent', 'withdraw', '--id', current.id, '--json'], harness.env);
    expect(withdrawn.status).toBe(0);
    const third = await login('agree');
    expect(third.done.consentPage).toBeDefined();
  });

  const haveZbar = toolIsAvailable('zbarimg');
  const withChromium = chromiumIsAvailable() ? it : it.skip;

  withChromium('the same login clicked through in headless Chromium, the wallet CLI approving', async () => {
    const { person, home, pin } = await harness.registeredPerson();
    const browser = await launchChromium();
    const shots = path.join(WORKSPACE_ROOT, 'test-artifacts', 'login');
    fs.mkdirSync(shots, { recursive: true });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
      await page.goto(`${harness.demoRp}/`);
      await page.click('form[action="/login"] button[type=submit]');
      await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await page.screenshot({ path: path.join(shots, '1-choose.png') });
      await page.click('text=عرض الرمز');
      const qr = page.locator('[data-testid=qr]');
      await qr.waitFor();
      let payload = (await qr.getAttribute('data-qr-payload')) ?? '';
      const code = (await page.textContent('[data-testid=verification-code]'))?.trim() ?? '';
      await page.screenshot({ path: path.join(shots, '2-qr.png') });
      if (haveZbar) {
        // What a camera reads from the screen is what the wallet acts on.
        await qr.screenshot({ path: path.join(shots, 'qr-only.png') });
        const read = spawnSync('zbarimg', ['-q', '--raw', path.join(shots, 'qr-only.png')], { encoding: 'utf8' });
        expect(read.stdout.trim()).toBe(payload);
        payload = read.stdout.trim();
      }
      const approved = await theqaAsync(['wallet', '--home', home, 'approve', '--qr', payload, '--code', code, '--pin', pin, '--json'], harness.env);
      expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved' });
      // The waiting page reloads itself (no script) and moves on to the declaration.
      await page.waitForSelector('[data-testid=consent-attributes]', { timeout: 15_000 });
      expect(await page.textContent('body')).toContain('البيانات التي سيتم مشاركتها مع نقل (تجريبي)');
      await page.screenshot({ path: path.join(shots, '3-consent.png') });
      await page.click('button[value=agree]');
      await page.waitForURL(`${harness.demoRp}/callback**`);
      const body = (await page.textContent('body')) ?? '';
      expect(body).toContain(person.civil_number);
      expect(body).toContain('urn:theqa:loa:medium');
      await page.screenshot({ path: path.join(shots, '4-logged-in.png') });
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('CIBA in poll mode: openid-client gets tokens once the wallet approves (binding message, no browser)', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const rp = await harness.relyingParty({ claims: ['civil_number', 'full_name_en'] });
    const started = await oidc.initiateBackchannelAuthentication(rp.config, {
      scope: 'openid',
      login_hint: person.civil_number,
      binding_message: 'NAQL 4821',
      claims: JSON.stringify({ userinfo: { civil_number: null, full_name_en: null } }),
    });
    expect(started.auth_req_id).toBeTruthy();
    let binding: string | undefined;
    const approval = approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, show: (l) => (binding = l.binding_message) });
    const tokens = await oidc.pollBackchannelAuthenticationGrant(rp.config, { ...started, interval: 1 });
    expect((await approval).status).toBe('approved');
    expect(binding).toBe('NAQL 4821');
    const claims = tokens.claims()!;
    expect(claims.acr).toBe('urn:theqa:loa:medium');
    const userinfo = await oidc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ civil_number: person.civil_number, full_name_en: person.full_name_en });
    expect(Object.keys(userinfo).sort()).toEqual(['civil_number', 'full_name_en', 'sub']);
  });

  it('pairwise subjects: stable for one relying party, different for another; the civil number only as a claim', async () => {
    const someone = await harness.registeredPerson();
    const naql = await harness.relyingParty({ claims: ['civil_number'] });
    const invest = await harness.relyingParty({ claims: ['civil_number'], host: 'localhost:9' });
    const claims = JSON.stringify({ id_token: { civil_number: null, amr: null } });
    const first = (await harness.loginByPush(naql, someone, { claims })).tokens.claims()!;
    const again = (await harness.loginByPush(naql, someone, { claims })).tokens.claims()!;
    const other = (await harness.loginByPush(invest, someone, { claims })).tokens.claims()!;
    expect(first.sub).toBe(again.sub);
    expect(first.sub).not.toBe(other.sub);
    expect(first.sub).not.toContain(someone.person.civil_number);
    expect(first.civil_number).toBe(someone.person.civil_number);
    expect(first.amr).toEqual(['hwk', 'pin']);
  });

  it('a shared computer: the next person in the same browser is logged in as themselves', async () => {
    const first = await harness.registeredPerson();
    const second = await harness.registeredPerson();
    const rp = await harness.relyingParty({ claims: ['civil_number'] });
    const browser = new TestBrowser();
    const claims = JSON.stringify({ id_token: { civil_number: null } });
    const one = (await harness.loginByPush(rp, first, { claims }, browser)).tokens.claims()!;
    const two = (await harness.loginByPush(rp, second, { claims }, browser)).tokens.claims()!;
    expect(one.civil_number).toBe(first.person.civil_number);
    expect(two.civil_number).toBe(second.person.civil_number);
    expect(two.sub).not.toBe(one.sub);
  });

  it('tokens are DPoP-bound, introspectable and revocable', async () => {
    const someone = await harness.registeredPerson();
    const rp = await harness.relyingParty({ claims: ['full_name_en'] });
    const { tokens, dpop } = await harness.loginByPush(rp, someone, { claims: JSON.stringify({ userinfo: { full_name_en: null } }) });
    expect(tokens.token_type?.toLowerCase()).toBe('dpop');
    const sub = tokens.claims()!.sub;
    expect(await oidc.fetchUserInfo(rp.config, tokens.access_token, sub, { DPoP: dpop })).toEqual({ sub, full_name_en: someone.person.full_name_en });
    // Without the DPoP proof the token is worthless.
    const bare = await fetch(`${harness.base}/oidc/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(bare.status).toBe(401);
    expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(true);
    await oidc.tokenRevocation(rp.config, tokens.access_token);
    expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(false);
    await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, sub, { DPoP: dpop })).rejects.toMatchObject({ status: 401 });
  });

  it('a signed request object (JAR) pushed through PAR starts a login', async () => {
    const rp = await harness.relyingParty({ claims: ['full_name_en'] });
    const verifier = oidc.randomPKCECodeVerifier();
    const jar = await oidc.buildAuthorizationUrlWithJAR(
      rp.config,
      { redirect_uri: rp.redirectUri, scope: 'openid', response_type: 'code', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' },
      rp.signingKey,
    );
    const url = await oidc.buildAuthorizationUrlWithPAR(rp.config, jar.searchParams);
    const uid = await new GatewayPages(new TestBrowser(), harness.base).open(url.href);
    expect(uid).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('a client_secret_basic relying party registered with the CLI (its secret printed once) logs in', async () => {
    const someone = await harness.registeredPerson();
    const registered = await theqaAsync(
      ['rp', 'register', '--name-ar', 'استثمر بسهولة', '--name-en', 'Invest Easy', '--redirect-uri', 'http://127.0.0.1:9/invest/callback', '--claims', 'full_name_en', '--purpose-ar', 'فتح سجل تجاري', '--purpose-en', 'Opening a commercial register', '--auth', 'client_secret_basic', '--json'],
      harness.env,
    );
    expect(registered.status).toBe(0);
    const { client_id, client_secret } = JSON.parse(registered.stdout) as { client_id: string; client_secret: string };
    expect(client_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const config = await oidc.discovery(new URL(`${harness.base}/oidc`), client_id, { redirect_uris: ['http://127.0.0.1:9/invest/callback'] }, oidc.ClientSecretBasic(client_secret), { execute: [oidc.allowInsecureRequests] });
    const rp = { clientId: client_id, redirectUri: 'http://127.0.0.1:9/invest/callback', config, signingKey: undefined as never };
    const { tokens } = await harness.loginByPush(rp, someone, { claims: JSON.stringify({ id_token: { full_name_en: null } }) });
    expect(tokens.claims()!.full_name_en).toBe(someone.person.full_name_en);
    const wrongSecret = await oidc.discovery(new URL(`${harness.base}/oidc`), client_id, {}, oidc.ClientSecretBasic('x'.repeat(43)), { execute: [oidc.allowInsecureRequests] });
    await expect(oidc.tokenIntrospection(wrongSecret, 'whatever')).rejects.toMatchObject({ status: 401 });
  });

  it('RP-initiated logout asks first, then ends the gateway session', async () => {
    const someone = await harness.registeredPerson();
    const rp = await harness.relyingParty({ claims: ['full_name_en'] });
    const browser = new TestBrowser();
    const { tokens } = await harness.loginByPush(rp, someone, {}, browser);
    const end = oidc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token! });
    const page = await browser.follow(end.href);
    expect(page.status).toBe(200);
    expect(page.text).toContain('هل تريد تسجيل الخروج من ثقة؟');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const action = /action="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const done = await browser.follow(new URL(action.replace(/&amp;/g, '&'), harness.base).href, { form: { xsrf, logout: 'yes' } });
    expect(done.status).toBe(200);
    expect(done.text).toContain('تم تسجيل خروجك بنجاح');
  });
});
