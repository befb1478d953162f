import { performance } from 'node:perf_hooks';
import * as oidc from 'openid-client';
import { TestBrowser, theqaAsync } from '@theqa/testing';
import { approveLogin } from '../src/cli/login-approval';
import { GatewayPages, LoginHarness, pushedAuthorization, type TestRelyingParty } from './login-harness';

/**
 * The OpenID Provider as a standards-following relying party finds it (openid-client, as an outside
 * relying party would use it): what discovery promises works, an essential acr is honoured, consent
 * ends when it is withdrawn, client assertions are short-lived, PAR is required where registered, and
 * CIBA does not tell who is registered.
 */
describe('the OpenID Provider, seen from a relying party', () => {
  const harness = new LoginHarness({ skipFromEnd: 20, count: 6 });

  beforeAll(() => harness.open(), 180_000);
  afterAll(() => harness.close());

  const HIGH = 'urn:theqa:loa:high';
  const MEDIUM = 'urn:theqa:loa:medium';

  /** A login started by the relying party up to the gateway's login page. */
  async function start(rp: TestRelyingParty, params: Record<string, string> = {}) {
    const browser = new TestBrowser();
    const pages = new GatewayPages(browser, harness.base);
    const started = await pushedAuthorization(rp, params);
    return { browser, pages, started, uid: await pages.open(started.url.href) };
  }

  function errorOf(rp: TestRelyingParty, location: string | undefined): { error: string | null; code: string | null } {
    expect(location).toBeDefined();
    const url = new URL(location as string);
    expect(url.origin + url.pathname).toBe(rp.redirectUri);
    return { error: url.searchParams.get('error'), code: url.searchParams.get('code') };
  }

  const consentsOf = async (civilNumber: string, clientId: string): Promise<Array<{ id: string; withdrawn_at: Date | null }>> =>
    harness.dataSource.query('SELECT id, withdrawn_at FROM consent WHERE civil_number = $1 AND client_id = $2 ORDER BY granted_at', [civilNumber, clientId]);

  /** The OAuth error of a call that should fail (undefined when it succeeded). */
  const oauthError = (work: Promise<unknown>) =>
    work.then(
      () => undefined,
      (e: { error?: string; status?: number }) => e,
    );

  describe('discovery', () => {
    it('advertises only what works: no user_code for CIBA, no refresh_token grant', async () => {
      const response = await fetch(`${harness.base}/oidc/.well-known/openid-configuration`);
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as Record<string, unknown>;
      // Every user_code is refused (the wallet's PIN is the second factor), and nothing is ever refreshed.
      expect(metadata.backchannel_user_code_parameter_supported).not.toBe(true);
      expect(metadata.grant_types_supported).toEqual(['authorization_code', 'urn:openid:params:grant-type:ciba']);
      expect(metadata.scopes_supported).not.toContain('offline_access');
    });
  });

  describe('an essential acr in the claims parameter (OIDC Core 5.5.1.1)', () => {
    const essentialHigh = JSON.stringify({ id_token: { acr: { essential: true, values: [HIGH] } } });
    /** A medium identity, for both flows (three requests to its wallet, within the limit per person). */
    let medium: Awaited<ReturnType<LoginHarness['registeredPerson']>>;
    beforeAll(async () => {
      medium = await harness.registeredPerson();
    });

    it('code flow: high asked as essential of a medium identity is refused with unmet_authentication_requirements', async () => {
      const { person, wallet, pin } = medium;
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const { pages, uid } = await start(rp, { claims: essentialHigh });
      const pushed = await pages.choosePush(uid, person.civil_number);
      expect((await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin, code: pushed.code })).status).toBe('approved');
      const done = await pages.continueTo(uid, rp.redirectUri, 'agree');
      expect(done.location).toBeUndefined();
      expect(done.page).toContain('data-reason="assurance-too-low"');
      expect(errorOf(rp, await pages.abort(uid, rp.redirectUri))).toEqual({ error: 'unmet_authentication_requirements', code: null });

      // Medium among the essential values: the login goes through, and the ID token says medium.
      const accepted = await harness.loginByPush(rp, { person, wallet, pin }, { claims: JSON.stringify({ id_token: { acr: { essential: true, values: [HIGH, MEDIUM] } } }) });
      expect(accepted.tokens.claims()!.acr).toBe(MEDIUM);
    });

    it('an essential acr the relying party is not registered for is an invalid request', async () => {
      const rp = await harness.relyingParty({ claims: ['full_name_en'], acr: ['medium'] });
      const { url } = await pushedAuthorization(rp, { claims: essentialHigh });
      const back = await new TestBrowser().follow(url.href, {}, (l) => l.startsWith(rp.redirectUri));
      expect(errorOf(rp, back.location)).toEqual({ error: 'invalid_request', code: null });
    });

    it('CIBA: high asked as essential of a medium identity reaches the polling relying party as access_denied', async () => {
      const { person, wallet, pin } = medium;
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const started = await oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: person.civil_number, binding_message: 'ACR 1', claims: essentialHigh });
      const polled = oidc.pollBackchannelAuthenticationGrant(rp.config, { ...started, interval: 1 }).then(
        (tokens) => `tokens with acr ${tokens.claims()?.acr}`,
        (e: { error?: string }) => e.error,
      );
      expect((await approveLogin(harness.client(), wallet, { pendingWaitSeconds: 10, pin })).status).toBe('approved');
      expect(await polled).toBe('access_denied');
    });
  });

  describe('consent', () => {
    it('a double "I agree" records one consent in force; withdrawing it ends it and the next login asks again', async () => {
      const someone = await harness.registeredPerson();
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const params = { claims: JSON.stringify({ userinfo: { full_name_en: null } }) };
      const { pages, uid, browser, started } = await start(rp, params);
      const pushed = await pages.choosePush(uid, someone.person.civil_number);
      await approveLogin(harness.client(), someone.wallet, { pendingWaitSeconds: 10, pin: someone.pin, code: pushed.code });
      const asked = await pages.continueTo(uid, rp.redirectUri);
      expect(asked.consentPage).toBeDefined();
      // Two submits of the same form: a double click, or two tabs.
      const [first, second] = await Promise.all([1, 2].map(() => browser.request(`${harness.base}/login/${uid}/consent`, { form: { decision: 'agree' } })));
      expect([first.status, second.status]).toEqual([303, 303]);
      expect(await consentsOf(someone.person.civil_number, rp.clientId)).toHaveLength(1);
      const back = await browser.follow(first.location!, {}, (l) => l.startsWith(rp.redirectUri));
      const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(back.location!), { pkceCodeVerifier: started.verifier, expectedState: started.state }, undefined, { DPoP: started.dpop });
      expect(tokens.access_token).toBeTruthy();

      const [consent] = await consentsOf(someone.person.civil_number, rp.clientId);
      const withdrawn = await theqaAsync(['consent', 'withdraw', '--id', consent.id, '--json'], harness.env);
      expect(withdrawn.status).toBe(0);
      expect((await consentsOf(someone.person.civil_number, rp.clientId)).filter((c) => !c.withdrawn_at)).toHaveLength(0);

      const next = await start(rp, params);
      const pushedAgain = await next.pages.choosePush(next.uid, someone.person.civil_number);
      await approveLogin(harness.client(), someone.wallet, { pendingWaitSeconds: 10, pin: someone.pin, code: pushedAgain.code });
      expect((await next.pages.continueTo(next.uid, rp.redirectUri)).consentPage).toBeDefined();
    });

    it('"I do not agree" after "I agree": the relying party gets access_denied and no consent stays in force', async () => {
      const someone = await harness.registeredPerson();
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const { pages, uid, browser } = await start(rp, { claims: JSON.stringify({ userinfo: { full_name_en: null } }) });
      const pushed = await pages.choosePush(uid, someone.person.civil_number);
      await approveLogin(harness.client(), someone.wallet, { pendingWaitSeconds: 10, pin: someone.pin, code: pushed.code });
      expect((await pages.continueTo(uid, rp.redirectUri)).consentPage).toBeDefined();
      const agreed = await browser.request(`${harness.base}/login/${uid}/consent`, { form: { decision: 'agree' } });
      expect(agreed.status).toBe(303);
      const declined = await browser.follow(`${harness.base}/login/${uid}/consent`, { form: { decision: 'decline' } }, (l) => l.startsWith(rp.redirectUri));
      expect(errorOf(rp, declined.location)).toEqual({ error: 'access_denied', code: null });
      expect((await consentsOf(someone.person.civil_number, rp.clientId)).filter((c) => !c.withdrawn_at)).toHaveLength(0);
    });

    it('a withdrawal revokes what was issued under the consent: userinfo refuses the token, introspection says inactive', async () => {
      const someone = await harness.registeredPerson();
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const { tokens, dpop } = await harness.loginByPush(rp, someone, { claims: JSON.stringify({ userinfo: { full_name_en: null } }) });
      const sub = tokens.claims()!.sub;
      expect(await oidc.fetchUserInfo(rp.config, tokens.access_token, sub, { DPoP: dpop })).toEqual({ sub, full_name_en: someone.person.full_name_en });
      expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(true);

      const [consent] = await consentsOf(someone.person.civil_number, rp.clientId);
      const withdrawn = await theqaAsync(['consent', 'withdraw', '--id', consent.id, '--json'], harness.env);
      expect(withdrawn.status).toBe(0);

      await expect(oidc.fetchUserInfo(rp.config, tokens.access_token, sub, { DPoP: dpop })).rejects.toMatchObject({ status: 401 });
      expect((await oidc.tokenIntrospection(rp.config, tokens.access_token)).active).toBe(false);
    });
  });

  describe('the login pages', () => {
    it('"show the code" posted again after the wallet approved keeps the approval and moves on', async () => {
      const { wallet, pin } = await harness.registeredPerson();
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const { pages, uid, browser, started } = await start(rp);
      const { payload, code } = await pages.chooseQr(uid);
      expect((await approveLogin(harness.client(), wallet, { qr: payload, code, pin })).status).toBe('approved');
      // The person's browser sends the form again (back button, a reload that resubmits).
      const again = await browser.follow(`${harness.base}/login/${uid}/qr`, { form: {} });
      expect(again.status).toBe(200);
      expect(again.text).toContain('data-testid="consent-attributes"');
      const done = await pages.continueTo(uid, rp.redirectUri, 'agree');
      expect(done.location).toMatch(/[?&]code=/);
      const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(done.location!), { pkceCodeVerifier: started.verifier, expectedState: started.state }, undefined, { DPoP: started.dpop });
      expect(tokens.claims()!.acr).toBe(MEDIUM);
    });
  });

  describe('client authentication and pushed requests', () => {
    it('a client assertion that lives longer than five minutes, or is issued in the future, is refused', async () => {
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      const withAssertion = (modify: (payload: Record<string, unknown>) => void) =>
        oidc.discovery(
          new URL(`${harness.base}/oidc`),
          rp.clientId,
          {},
          oidc.PrivateKeyJwt(rp.signingKey, { [oidc.modifyAssertion]: (_header: unknown, payload: Record<string, unknown>) => modify(payload) }),
          { execute: [oidc.allowInsecureRequests] },
        );
      const now = () => Math.floor(Date.now() / 1000);
      const yearLong = await withAssertion((p) => void (p.exp = now() + 365 * 86_400));
      expect(await oauthError(oidc.tokenIntrospection(yearLong, 'whatever'))).toMatchObject({ error: 'invalid_client' });
      const tenMinutes = await withAssertion((p) => void (p.exp = now() + 600));
      expect(await oauthError(oidc.tokenIntrospection(tenMinutes, 'whatever'))).toMatchObject({ error: 'invalid_client' });
      const fromTheFuture = await withAssertion((p) => void ((p.iat = now() + 3600), (p.nbf = undefined)));
      expect(await oauthError(oidc.tokenIntrospection(fromTheFuture, 'whatever'))).toMatchObject({ error: 'invalid_client' });
      // What openid-client sends by default (a minute) is accepted.
      const fiveMinutes = await withAssertion((p) => void (p.exp = now() + 290));
      expect((await oidc.tokenIntrospection(fiveMinutes, 'whatever')).active).toBe(false);
      expect((await oidc.tokenIntrospection(rp.config, 'whatever')).active).toBe(false);
    });

    it('a relying party registered to require PAR cannot start a login with a plain authorization request', async () => {
      const rp = await harness.relyingParty({ claims: ['full_name_en'], requirePushedAuthorizationRequests: true });
      const verifier = oidc.randomPKCECodeVerifier();
      const plain = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const refused = await new TestBrowser().follow(plain.href, {}, (l) => l.startsWith(rp.redirectUri));
      expect(errorOf(rp, refused.location)).toEqual({ error: 'invalid_request', code: null });
      expect(new URL(refused.location!).searchParams.get('error_description')).toMatch(/pushed authorization request/i);
      // Pushed, the same request reaches the login page.
      expect((await start(rp)).uid).toMatch(/^[A-Za-z0-9_-]+$/);

      // A relying party that did not ask for it may still send a plain request.
      const other = await harness.relyingParty({ claims: ['full_name_en'] });
      const otherPlain = oidc.buildAuthorizationUrl(other.config, { redirect_uri: other.redirectUri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      expect(await new GatewayPages(new TestBrowser(), harness.base).open(otherPlain.href)).toMatch(/^[A-Za-z0-9_-]+$/);
    });
  });

  describe('CIBA does not tell who is registered', () => {
    it('the same answer for a registered and an unregistered civil number; neither completes unanswered; both rate-limited alike', async () => {
      const { person } = await harness.registeredPerson();
      const rp = await harness.relyingParty({ claims: ['full_name_en'] });
      let unregistered: string;
      do unregistered = String(70_000_000 + Math.floor(Math.random() * 9_000_000));
      while (await harness.registry.findPerson(unregistered));
      // The relying party's server, as the gateway's proxy reports it.
      const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
      rp.config[oidc.customFetch] = (url, options) => fetch(url, { ...(options as RequestInit), headers: { ...options.headers, 'x-forwarded-for': address } });

      const initiate = async (civilNumber: string) => {
        const began = performance.now();
        const outcome = await oidc.initiateBackchannelAuthentication(rp.config, { scope: 'openid', login_hint: civilNumber, binding_message: 'WHO 1' }).then(
          (answer) => ({ answer: answer as unknown as Record<string, unknown>, error: undefined }),
          (error: { error?: string; status?: number; response?: Response }) => ({
            answer: undefined,
            error: { error: error.error, status: error.status },
            retryAfter: error.response?.headers.get('retry-after'),
          }),
        );
        return { ...outcome, ms: performance.now() - began };
      };
      const shape = (a: { answer?: Record<string, unknown>; error?: unknown }) => ({ error: a.error, keys: Object.keys(a.answer ?? {}).sort(), expires_in: a.answer?.expires_in });
      const registeredAnswers = [];
      const unregisteredAnswers = [];
      // Five each (the limit per civil number), interleaved so both see the same load.
      for (let i = 0; i < 5; i++) {
        registeredAnswers.push(await initiate(person.civil_number));
        unregisteredAnswers.push(await initiate(unregistered));
      }
      expect(shape(registeredAnswers[0])).toEqual({ error: undefined, keys: ['auth_req_id', 'expires_in'], expires_in: 120 });
      expect(unregisteredAnswers.map(shape)).toEqual(registeredAnswers.map(shape));

      // The same timing class: neither is several times slower than the other.
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const [registeredMs, unregisteredMs] = [median(registeredAnswers.map((a) => a.ms)), median(unregisteredAnswers.map((a) => a.ms))];
      expect(Math.max(registeredMs, unregisteredMs)).toBeLessThan(3 * Math.min(registeredMs, unregisteredMs) + 30);

      // Polled, both are pending; once expired, both end alike, without tokens.
      const poll = (answer: Record<string, unknown>) =>
        oidc.genericGrantRequest(rp.config, 'urn:openid:params:grant-type:ciba', { auth_req_id: String(answer.auth_req_id) }).then(
          () => 'tokens',
          (e: { error?: string }) => e.error,
        );
      const pending = [registeredAnswers[0].answer!, unregisteredAnswers[0].answer!];
      expect(await Promise.all(pending.map(poll))).toEqual(['authorization_pending', 'authorization_pending']);
      await harness.dataSource.query(
        `UPDATE oidc_model SET expires_at = now() - interval '1 second' WHERE kind = 'BackchannelAuthenticationRequest' AND id = ANY($1)`,
        [pending.map((a) => a.auth_req_id)],
      );
      const [registeredEnd, unregisteredEnd] = await Promise.all(pending.map(poll));
      expect(registeredEnd).toBe(unregisteredEnd);
      expect(registeredEnd).not.toBe('tokens');

      // The sixth request to either number is refused alike, at once.
      const [sixth, sixthUnregistered] = [await initiate(person.civil_number), await initiate(unregistered)];
      expect(sixth.error).toEqual({ status: 429, error: 'slow_down' });
      expect(Number((sixth as { retryAfter?: string }).retryAfter)).toBeGreaterThan(0);
      expect(shape(sixthUnregistered)).toEqual(shape(sixth));
      // Counted in PostgreSQL per civil number (with the pushes to the same wallet), per client, and per address.
      const hits = async (bucket: string) => Number((await harness.dataSource.query(`SELECT hits FROM rate_limit WHERE bucket = $1`, [bucket]))[0]?.hits);
      expect(await hits(`login-push:civil:${unregistered}`)).toBe(6);
      expect(await hits(`login-ciba:client:${rp.clientId}`)).toBe(12);
      expect(await hits(`login-ciba:address:${address}`)).toBe(12);
    });
  });
});
