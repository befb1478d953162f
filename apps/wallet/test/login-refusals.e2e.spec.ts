import * as oidc from 'openid-client';
import { TestBrowser } from '@theqa/testing';
import { approveLogin } from '../src/cli/login-approval';
import { GatewayPages, LoginHarness, ProtocolDevice, pushedAuthorization, type TestRelyingParty } from './login-harness';

/**
 * Every refusal the issue names, each with the OAuth error the relying party receives and nothing
 * released: a login that fails ends at the redirect URI with `error` and without `code`.
 */
describe('login refusals', () => {
  const harness = new LoginHarness({ skipFromEnd: 10, count: 6 });
  let rp: TestRelyingParty;

  beforeAll(async () => {
    await harness.open();
    rp = await harness.relyingParty({ claims: ['civil_number', 'full_name_en'], acr: ['medium', 'high'] });
  }, 180_000);
  afterAll(() => harness.close());

  const oauthError = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e as { error?: string; error_description?: string },
    );
    return error?.error;
  };

  /** A login started by the RP up to the gateway's login page. */
  async function start(params: Record<string, string> = {}) {
    const browser = new TestBrowser();
    const pages = new GatewayPages(browser, harness.base);
    const { url } = await pushedAuthorization(rp, params);
    return { browser, pages, uid: await pages.open(url.href) };
  }

  function errorOf(location: string | undefined): { error: string | null; code: string | null } {
    expect(location).toBeDefined();
    const url = new URL(location as string);
    expect(url.origin + url.pathname).toBe(rp.redirectUri);
    return { error: url.searchParams.get('error'), code: url.searchParams.get('code') };
  }

  it('PKCE is required, and only S256', async () => {
    const state = oidc.randomState();
    expect(await oauthError(oidc.buildAuthorizationUrlWithPAR(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid', state }))).toBe('invalid_request');
    expect(await oauthError(oidc.buildAuthorizationUrlWithPAR(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid', state, code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }))).toBe('invalid_request');
  });

  it('an unregistered redirect URI is refused, and the browser is not sent there', async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const challenge = await oidc.calculatePKCECodeChallenge(verifier);
    const pushed = await oidc.buildAuthorizationUrlWithPAR(rp.config, { redirect_uri: 'http://127.0.0.1:9/elsewhere', scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }).catch((e: { error?: string; error_description?: string }) => e);
    expect(pushed).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('redirect_uri') });
    const front = new URL(`${harness.base}/oidc/auth`);
    front.search = new URLSearchParams({ client_id: rp.clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://evil.example/cb', code_challenge: challenge, code_challenge_method: 'S256' }).toString();
    const page = await new TestBrowser().request(front.href);
    expect(page.status).toBe(400);
    expect(page.location).toBeUndefined();
    expect(page.text).toContain('عنوان العودة غير مسجل لهذه الخدمة');
  });

  it('attributes the relying party is not entitled to: the request is refused, not trimmed', async () => {
    const claims = JSON.stringify({ userinfo: { civil_number: null, passport_number: null } });
    // The gateway refuses at its first page: the browser goes straight back with the error.
    const { url } = await pushedAuthorization(rp, { claims });
    const back = await new TestBrowser().follow(url.href, {}, (l) => l.startsWith(rp.redirectUri));
    expect(errorOf(back.location)).toEqual({ error: 'invalid_request', code: null });
    const byScope = await pushedAuthorization(rp, { scope: 'openid theqa:passport' });
    const backByScope = await new TestBrowser().follow(byScope.url.href, {}, (l) => l.startsWith(rp.redirectUri));
    expect(errorOf(backByScope.location)).toEqual({ error: 'invalid_scope', code: null });
  });

  it('a wrong verification code cancels the attempt: access_denied', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const { pages, uid } = await start();
    const pushed = await pages.choosePush(uid, person.civil_number);
    // A number the wallet did not show is refused by the wallet itself, which names the three it shows.
    const notShown = await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, code: '00' }).catch((e: { code: string; details: { codes: string[] } }) => e);
    expect(notShown).toMatchObject({ code: 'code-not-shown' });
    const decoy = (notShown as { details: { codes: string[] } }).details.codes.find((c) => c !== pushed.code);
    const result = await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, code: decoy });
    expect(result).toMatchObject({ status: 'denied', denial: 'wrong-code' });
    const done = await pages.continueTo(uid, rp.redirectUri);
    expect(done.page).toContain('data-reason="wrong-code"');
    expect(errorOf(await pages.abort(uid, rp.redirectUri))).toEqual({ error: 'access_denied', code: null });
  });

  it('a wrong PIN is refused by the server, counted toward the block, and denies the login', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const device = await ProtocolDevice.open(wallet, pin, harness.base);
    const { pages, uid } = await start();
    const { payload, code } = await pages.chooseQr(uid);
    const scanned = await device.scan(payload);
    expect(scanned.status).toBe(200);
    const wrong = await device.post('/devices/logins/answers', device.answerFor(String(scanned.body.payload), { pin: '861203', code }));
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 'pin-wrong', attempts_left: 2 });
    const [identity] = await harness.dataSource.query('SELECT pin_failures FROM identity WHERE civil_number = $1', [person.civil_number]);
    expect(Number(identity.pin_failures)).toBe(1);
    const done = await pages.continueTo(uid, rp.redirectUri);
    expect(done.page).toContain('data-reason="pin-wrong"');
    expect(errorOf(await pages.abort(uid, rp.redirectUri))).toEqual({ error: 'access_denied', code: null });
  });

  it('a QR code is single-use and short-lived; a device answer cannot be replayed', async () => {
    const { wallet, pin } = await harness.registeredPerson();
    const device = await ProtocolDevice.open(wallet, pin, harness.base);
    const first = await start();
    const qr = await first.pages.chooseQr(first.uid);
    const scanned = await device.scan(qr.payload);
    expect(scanned.status).toBe(200);
    expect((await device.scan(qr.payload)).body).toMatchObject({ code: 'login-used' });
    const answer = device.answerFor(String(scanned.body.payload), { pin, code: qr.code });
    expect((await device.post('/devices/logins/answers', answer)).body).toMatchObject({ status: 'approved' });
    const replay = await device.post('/devices/logins/answers', answer);
    expect(replay.status).toBe(409);

    const second = await start();
    const stale = await second.pages.chooseQr(second.uid);
    const request = /"request":"([^"]+)"/.exec(Buffer.from(stale.payload.slice('theqa:'.length), 'base64url').toString())?.[1];
    await harness.dataSource.query(`UPDATE login_request SET expires_at = now() - interval '1 second' WHERE id = $1`, [request]);
    const late = await device.scan(stale.payload);
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({ code: 'login-expired' });
    // The page still open shows a new code in its place.
    const refreshed = await second.pages.browser.follow(`${harness.base}/login/${second.uid}/wait`);
    const next = /data-qr-payload="([^"]+)"/.exec(refreshed.text)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(stale.payload);
  });

  it('acr high for a medium identity: a clear refusal, and unmet_authentication_requirements for the RP', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const { pages, uid } = await start({ acr_values: 'urn:theqa:loa:high' });
    const pushed = await pages.choosePush(uid, person.civil_number);
    expect((await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, code: pushed.code })).status).toBe('approved');
    const done = await pages.continueTo(uid, rp.redirectUri);
    expect(done.page).toContain('data-reason="assurance-too-low"');
    expect(done.page).toContain('تتطلب هذه الخدمة مستوى ضمان عالياً');
    expect(errorOf(await pages.abort(uid, rp.redirectUri))).toEqual({ error: 'unmet_authentication_requirements', code: null });
  });

  it('a denied consent and a denial on the wallet: access_denied', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const declined = await start();
    const pushed = await declined.pages.choosePush(declined.uid, person.civil_number);
    await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, code: pushed.code });
    const done = await declined.pages.continueTo(declined.uid, rp.redirectUri, 'decline');
    expect(errorOf(done.location)).toEqual({ error: 'access_denied', code: null });
    const consents = await harness.dataSource.query('SELECT id FROM consent WHERE civil_number = $1', [person.civil_number]);
    expect(consents).toHaveLength(0);

    const refused = await start();
    const pushedAgain = await refused.pages.choosePush(refused.uid, person.civil_number);
    expect(pushedAgain.code).toBeDefined();
    expect((await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, deny: true })).status).toBe('denied');
    const back = await refused.pages.continueTo(refused.uid, rp.redirectUri);
    expect(back.page).toContain('data-reason="denied-on-device"');
    expect(errorOf(await refused.pages.abort(refused.uid, rp.redirectUri))).toEqual({ error: 'access_denied', code: null });
  });

  it('a disabled relying party is refused (within a second on every instance)', async () => {
    const gone = await harness.relyingParty({ claims: ['full_name_en'] });
    await pushedAuthorization(gone);
    await harness.relyingParties.disable(gone.clientId, 'test');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // Both instances (the balancer alternates) refuse it.
    for (let i = 0; i < 2; i++) expect(await oauthError(pushedAuthorization(gone))).toBe('invalid_client');
  });

  it('CIBA: a denial on the wallet and acr high for a medium identity reach the polling RP as access_denied; too many requests are refused at once', async () => {
    const { person, wallet, pin } = await harness.registeredPerson();
    const poll = async (params: Record<string, string>, answer: () => Promise<unknown>) => {
      const started = await oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: person.civil_number, binding_message: 'TEST 1', ...params });
      const polled = oidc.pollBackchannelAuthenticationGrant(rp.config, { ...started, interval: 1 }).then(
        () => 'tokens',
        (e: { error?: string }) => e.error,
      );
      await answer();
      return polled;
    };
    expect(await poll({}, () => approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, deny: true }))).toBe('access_denied');
    expect(await poll({ acr_values: 'urn:theqa:loa:high' }, () => approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin }))).toBe('access_denied');
    expect(await oauthError(oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: person.civil_number }))).toBe('invalid_binding_message');
    // (An unregistered civil number is answered like a registered one: see login-protocol.e2e.)
    // Requests to one person's wallet are limited (5 per 10 minutes, push and CIBA together): the
    // sixth is refused at once, as it would be for a number without a wallet.
    for (let i = 0; i < 3; i++) await oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: person.civil_number, binding_message: 'TEST 2' });
    await expect(oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: person.civil_number, binding_message: 'TEST 3' })).rejects.toMatchObject({ status: 429, error: 'slow_down' });
  });

  it('prompt=none never logs anybody in silently', async () => {
    const { url } = await pushedAuthorization(rp, { prompt: 'none' });
    const back = await new TestBrowser().follow(url.href, {}, (l) => l.startsWith(rp.redirectUri));
    expect(errorOf(back.location)).toEqual({ error: 'login_required', code: null });
  });

  it('pushes are rate-limited per civil number, without saying whether the number is registered', async () => {
    const { pages, uid } = await start();
    const unknown = '99887766';
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await pages.choosePush(uid, unknown));
    expect(answers.slice(0, 5).every((a) => a.status === 200 && a.page.includes('إذا كانت لديك هوية رقمية مفعلة بهذا الرقم'))).toBe(true);
    expect(answers[5].status).toBe(429);
  });
});
