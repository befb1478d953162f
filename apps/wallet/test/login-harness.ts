import { sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { DataSource } from 'typeorm';
import { decodeQrPayload, loginScanSigningBytes, toBase64url, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { AuditedRelyingPartyEvents, createDataSource, PostgresAuditLog, PostgresRelyingPartyStore } from '@theqa/persistence';
import { RelyingPartyRegistry } from '@theqa/relying-parties';
import { freePort, PlatformProcess, RoundRobinBalancer, TestBrowser } from '@theqa/testing';
import { answerChallenge, pinProof } from '../src/cli/device-key';
import { approveLogin } from '../src/cli/login-approval';
import { PlatformClient } from '../src/cli/platform-client';
import { register } from '../src/cli/register';
import { openDeviceKey } from '../src/cli/unsealing';
import { WalletHome, type WalletState } from '../src/cli/wallet-home';

/**
 * The login gateway as it runs in production: two platform instances on one PostgreSQL behind a
 * load balancer that sends each request to the next instance, the first instance running the demo
 * relying party as `npm start` does. Persons register with the wallet's own code.
 */
export class LoginHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-login-'));
  readonly registry = new SyntheticCivilRegistry();
  instances: PlatformProcess[] = [];
  balancer!: RoundRobinBalancer;
  base = '';
  demoRp = '';
  env: NodeJS.ProcessEnv = {};
  dataSource!: DataSource;
  relyingParties!: RelyingPartyRegistry;
  private people: RegistryPerson[] = [];

  /**
   * Each suite its own registry persons, counted from the end of the registry (the platform's suites
   * take theirs from the start, and the portal's 120–139 of the 192; see EnrolmentHarness.persons): login.e2e the
   * last 10, login-refusals the 11th to the 16th from the end, web-wallet-login the 20th from the end,
   * login-protocol the 21st to the 26th.
   */
  constructor(private readonly persons: { skipFromEnd: number; count: number } = { skipFromEnd: 0, count: 10 }) {}

  async open(): Promise<void> {
    const [a, b, front, rp] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    this.base = `http://127.0.0.1:${front}`;
    this.demoRp = `http://127.0.0.1:${rp}`;
    this.env = { ...process.env, PUBLIC_BASE_URL: this.base, THEQA_URL: this.base, LOG_LEVEL: 'warn' };
    delete this.env.THEQA_WALLET_PIN;
    this.instances = [
      new PlatformProcess(a, { ...this.env, THEQA_DATA_DIR: path.join(this.dir, 'a'), THEQA_DEMO_RP: 'on', DEMO_RP_PORT: String(rp), DEMO_RP_CLIENT_ID: `naql-demo-${rp}` }),
      new PlatformProcess(b, { ...this.env, THEQA_DATA_DIR: path.join(this.dir, 'b') }),
    ];
    // One after the other: the first start makes the gateway's signing key, the second finds it.
    for (const instance of this.instances) await instance.start();
    this.balancer = new RoundRobinBalancer([a, b]);
    await this.balancer.listen(front);
    await waitFor(`${this.demoRp}/health`);
    this.dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await this.dataSource.initialize();
    this.relyingParties = new RelyingPartyRegistry({
      store: new PostgresRelyingPartyStore(this.dataSource),
      events: new AuditedRelyingPartyEvents(new PostgresAuditLog(this.dataSource)),
      allowLoopbackHttp: true,
    });
    const named = new Set<string>(Object.values(TEST_PERSONS));
    const ordinary = this.registry.listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
    const end = ordinary.length - this.persons.skipFromEnd;
    this.people = ordinary.slice(end - this.persons.count, end).reverse();
  }

  async close(): Promise<void> {
    await this.balancer?.close();
    for (const instance of this.instances) await instance.stop();
    await this.dataSource?.destroy();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A registry person nobody else in the run uses, registered with a wallet of their own. */
  async registeredPerson(pin = '583920'): Promise<{ person: RegistryPerson; wallet: WalletState; home: string; pin: string }> {
    const person = this.people.shift();
    if (!person) throw new Error('no registry person left for the login tests');
    const home = path.join(this.dir, `wallet-${person.civil_number}`);
    await register(this.client(), new WalletHome(home), { civilNumber: person.civil_number, email: 'person@example.com', phone: person.phone_number, pin }, () => undefined);
    return { person, wallet: await new WalletHome(home).read(), home, pin };
  }

  client(): PlatformClient {
    return new PlatformClient(this.base);
  }

  /** A relying party of the test's own (private_key_jwt, CIBA), and an openid-client configuration for it. */
  async relyingParty(options: { claims: string[]; acr?: string[]; host?: string; requirePushedAuthorizationRequests?: boolean }): Promise<TestRelyingParty> {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const kid = `k${Date.now()}`;
    const publicJwk = { ...(await crypto.subtle.exportKey('jwk', keys.publicKey)), kid, use: 'sig', alg: 'ES256' };
    const clientId = `login-test-${Math.random().toString(36).slice(2, 10)}`;
    const redirectUri = `http://${options.host ?? '127.0.0.1:9'}/${clientId}/callback`;
    await this.relyingParties.register(
      {
        clientId,
        name: { ar: 'خدمة اختبار', en: 'Test service' },
        redirectUris: [redirectUri],
        claims: options.claims,
        purpose: { ar: 'اختبار تسجيل الدخول', en: 'Testing the login' },
        acrValues: options.acr ?? ['medium', 'high'],
        authMethod: 'private_key_jwt',
        jwks: { keys: [publicJwk] },
        ciba: true,
        requirePushedAuthorizationRequests: options.requirePushedAuthorizationRequests,
      },
      'test',
    );
    const config = await oidc.discovery(new URL(`${this.base}/oidc`), clientId, { redirect_uris: [redirectUri] }, oidc.PrivateKeyJwt({ key: keys.privateKey, kid }), { execute: [oidc.allowInsecureRequests] });
    return { clientId, redirectUri, config, signingKey: { key: keys.privateKey, kid } };
  }

  /**
   * A whole login of the test's relying party by push, the wallet approving and consenting: the
   * tokens as the relying party gets them (DPoP-bound).
   */
  async loginByPush(rp: TestRelyingParty, someone: { person: RegistryPerson; wallet: WalletState; pin: string }, params: Record<string, string> = {}, browser = new TestBrowser()) {
    const pages = new GatewayPages(browser, this.base);
    const started = await pushedAuthorization(rp, params);
    const uid = await pages.open(started.url.href);
    const pushed = await pages.choosePush(uid, someone.person.civil_number);
    await approveLogin(this.client(), someone.wallet, { pendingWaitSeconds: 10, pin: someone.pin, code: pushed.code });
    const done = await pages.continueTo(uid, rp.redirectUri, 'agree');
    if (!done.location) throw new Error(`the login did not come back: ${browser.visited.slice(-8).join("\n")}\n${done.page?.slice(0, 300)}`);
    const tokens = await oidc.authorizationCodeGrant(rp.config, new URL(done.location), { pkceCodeVerifier: started.verifier, expectedState: started.state }, undefined, { DPoP: started.dpop });
    return { tokens, dpop: started.dpop };
  }
}

export interface TestRelyingParty {
  clientId: string;
  redirectUri: string;
  config: oidc.Configuration;
  /** The key its client assertions (and request objects) are signed with. */
  signingKey: { key: CryptoKey; kid: string };
}

/** What a relying party sends and must keep for one login. */
export async function pushedAuthorization(rp: TestRelyingParty, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const dpop = oidc.getDPoPHandle(rp.config, await oidc.randomDPoPKeyPair());
  const url = await oidc.buildAuthorizationUrlWithPAR(
    rp.config,
    { redirect_uri: rp.redirectUri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, ...params },
    { DPoP: dpop },
  );
  return { url, verifier, state, dpop };
}

/** The browser side of the gateway's pages. */
export class GatewayPages {
  constructor(
    readonly browser: TestBrowser,
    readonly base: string,
  ) {}

  /** Follows the authorization URL to the login page; returns the interaction's uid. */
  async open(authorizationUrl: string): Promise<string> {
    const page = await this.browser.follow(authorizationUrl);
    const uid = /\/login\/([A-Za-z0-9_-]+)$/.exec(new URL(page.url).pathname)?.[1];
    if (!uid || page.status !== 200) throw new Error(`no login page: ${page.status} ${page.url}\n${this.browser.visited.join('\n')}\n${page.text.slice(0, 500)}`);
    return uid;
  }

  async chooseQr(uid: string): Promise<{ payload: string; code: string; page: string }> {
    const page = await this.browser.follow(`${this.base}/login/${uid}/qr`, { form: {} });
    const payload = /data-qr-payload="([^"]+)"/.exec(page.text)?.[1];
    const code = /data-testid="verification-code" dir="ltr">(\d{2})</.exec(page.text)?.[1];
    if (!payload || !code) throw new Error(`no QR code on the page: ${page.status}\n${page.text.slice(0, 800)}`);
    return { payload, code, page: page.text };
  }

  async choosePush(uid: string, civilNumber: string): Promise<{ status: number; code?: string; page: string }> {
    const page = await this.browser.follow(`${this.base}/login/${uid}/push`, { form: { civil_number: civilNumber } });
    return { status: page.status, code: /data-testid="verification-code" dir="ltr">(\d{2})</.exec(page.text)?.[1], page: page.text };
  }

  /** After the wallet answered: the pages up to the consent (if asked) and back to the relying party. */
  async continueTo(uid: string, redirectPrefix: string, consent?: 'agree' | 'decline'): Promise<{ location?: string; consentPage?: string; page?: string }> {
    const stop = (location: string) => location.startsWith(redirectPrefix);
    let response = await this.browser.follow(`${this.base}/login/${uid}/continue`, {}, stop);
    let consentPage: string | undefined;
    if (!response.location && response.url.endsWith('/consent')) {
      consentPage = response.text;
      if (!consent) return { consentPage };
      response = await this.browser.follow(`${this.base}/login/${uid}/consent`, { form: { decision: consent } }, stop);
    }
    // A different person than the browser's session had: oidc-provider ends the old session first,
    // through a form a browser submits by itself (script, or its "Continue" button without script).
    const autoForm = /<form method="post" action="([^"]+)">([^]*?)<\/form>/.exec(response.location ? '' : response.text);
    if (autoForm && response.text.includes('Submitting Callback')) {
      const fields = Object.fromEntries([...autoForm[2].matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      response = await this.browser.follow(autoForm[1], { form: fields }, stop);
    }
    return { location: response.location, consentPage, page: response.location ? undefined : response.text };
  }

  /** "Return to the service" after a refusal page. */
  async abort(uid: string, redirectPrefix: string): Promise<string | undefined> {
    return (await this.browser.follow(`${this.base}/login/${uid}/abort`, { form: {} }, (l) => l.startsWith(redirectPrefix))).location;
  }
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up`);
}

/**
 * The wallet's device at the protocol level, for the refusals the real wallet would never send (a
 * wrong PIN proof with the right key, a replayed answer, a scan of an expired code).
 */
export class ProtocolDevice {
  private constructor(
    readonly wallet: WalletState,
    private readonly key: KeyObject,
    private readonly base: string,
  ) {}

  static async open(wallet: WalletState, pin: string, base: string): Promise<ProtocolDevice> {
    return new ProtocolDevice(wallet, await openDeviceKey(new PlatformClient(base), wallet, pin), base);
  }

  async scan(qrText: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: decodeQrPayload(qrText).request, device: this.wallet.device.serial } as const;
    const signature = toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: this.key, dsaEncoding: 'ieee-p1363' }));
    return this.post('/devices/logins/scan', { ...unsigned, signature });
  }

  answerFor(payload: string, fields: { pin?: string; code?: string; decision?: 'approve' | 'deny' }) {
    return answerChallenge({
      payload,
      deviceSerial: this.wallet.device.serial,
      privateKey: this.key,
      decision: fields.decision ?? 'approve',
      pinProof: fields.pin ? pinProof(this.wallet.civil_number, fields.pin) : undefined,
      code: fields.code,
    }).answer;
  }

  async post(route: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.base}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
}
