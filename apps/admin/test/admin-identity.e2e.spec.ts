import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqaAsync, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';
import { approve, logInThroughGateway, readQr, seriousViolations } from './admin-browser';

/**
 * Identity support as the support desk meets it: the platform started as `npm start` starts it (the
 * demo relying party beside it, four eyes on suspending), two support officers made HIGH through the
 * portal's real upgrade, headless Chromium as their computers, the CLI wallet as the citizen's phone.
 * An officer looks the citizen up and proposes a suspension, which does nothing until the second
 * officer approves; the citizen's login at the demo RP is then refused and OCSP says on hold; restored,
 * the citizen logs in again. A PIN reset required at the desk refuses logins until `wallet pin reset`.
 * Pages checked by axe-core in Arabic and English, kept as test-artifacts/admin/admin-identity-*.png.
 * Registry persons: ordinary 55–59 are this suite's (55, 56 the officers, 57 the citizen).
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const OFFICER_ONE: RegistryPerson = ordinary[55];
const OFFICER_TWO: RegistryPerson = ordinary[56];
const CITIZEN: RegistryPerson = ordinary[57];
/** Valid, but with no digital identity on this platform (this suite never registers them). */
const NOBODY: RegistryPerson = ordinary[58];
const PIN = '583920';
const NEW_PIN = '604718';
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'admin');
/** A command run beside the test (never spawnSync: the test run's embedded database is served from this process). */
const runAsync = (command: string, args: string[]) =>
  new Promise<{ status: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (status) => resolve({ status, output }));
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithChromium('identity support in the console', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-admin-identity-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let base = '';
  let demoRp = '';
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  const pages: Record<'one' | 'two' | 'citizen', Page> = {} as never;
  const contexts: BrowserContext[] = [];
  const refusedByCsp: string[] = [];
  const phones: Record<'one' | 'two' | 'citizen', { home: string; serial: string }> = {} as never;

  const register = async (name: string, person: RegistryPerson) => {
    const home = file(`phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', `${name} phone`], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return { home, serial: JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial as string };
  };
  const wallet = (phone: 'one' | 'two' | 'citizen') => JSON.parse(fs.readFileSync(path.join(phones[phone].home, 'wallet.json'), 'utf8')) as { certificate: string; chain: string[] };

  /** The administrator's identity to HIGH as a person does it (the portal's upgrade and the wallet), then the console's login. */
  const officerLogsIn = async (phone: 'one' | 'two', person: RegistryPerson) => {
    const page = pages[phone];
    await logInThroughGateway(page, `${base}/portal/login`, { home: phones[phone].home, env, pin: PIN }, (url) => url.href === `${base}/portal`);
    await page.goto(`${base}/portal/upgrade`);
    await page.check(`#device-${phones[phone].serial}`);
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    await page.click('form[action="/portal/upgrade"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/[0-9a-f-]{36}/);
    const payload = (await page.getAttribute('[data-testid="qr"]', 'data-qr-payload'))!;
    const upgraded = await theqaAsync(['wallet', '--home', phones[phone].home, 'upgrade', '--qr', payload, '--pin', PIN, '--json'], env);
    if (upgraded.status !== 0) throw new Error(`the upgrade failed: ${upgraded.stdout}${upgraded.stderr}`);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ civil_number: person.civil_number, assurance: 'high' });
    await logInThroughGateway(page, `${base}/admin/login`, { home: phones[phone].home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
  };

  /**
   * The citizen at the demo RP: its login button, the gateway's QR code, the CLI wallet approving.
   * Logged in: the demo's callback shows the civil number. Refused: the wallet's answer says why.
   */
  const citizenLogsIn = async (pin = PIN) => {
    const naql = pages.citizen;
    await naql.goto(`${demoRp}/?lang=en`);
    await naql.click('form[action="/login"] button[type="submit"]');
    await naql.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await naql.click('form[action$="/qr"] button[type="submit"]');
    const approved = await approve(phones.citizen.home, env, await readQr(naql), pin);
    // The gateway's waiting page moves on by itself: to the declaration of data, the demo's callback, or a
    // refusal (a refused scan ends it too); the next login must not start while it is still moving.
    const deadline = Date.now() + 20_000;
    const refusal = async () => (await naql.$('[data-testid="refusal"]').catch(() => null)) !== null;
    while (Date.now() < deadline && !naql.url().endsWith('/consent') && !naql.url().startsWith(`${demoRp}/callback`) && !(await refusal())) await sleep(200);
    if (approved.status !== 0) {
      await naql.waitForLoadState('load').catch(() => undefined);
      return { loggedIn: false, wallet: `${approved.stdout}${approved.stderr}` };
    }
    if (naql.url().endsWith('/consent')) await naql.click('button[name="decision"][value="agree"]');
    await naql.waitForURL((url) => url.href.startsWith(`${demoRp}/callback`), { timeout: 20_000 }).catch(() => undefined);
    const body = (await naql.textContent('body').catch(() => '')) ?? '';
    return { loggedIn: naql.url().startsWith(`${demoRp}/callback`) && body.includes(CITIZEN.civil_number), wallet: `${approved.stdout}${approved.stderr}` };
  };

  /** What OCSP (openssl, at the platform's responder) says of the citizen's device certificate. */
  const ocsp = async () => {
    const { certificate, chain } = wallet('citizen');
    fs.writeFileSync(file('citizen.pem'), certificate);
    fs.writeFileSync(file('issuer.pem'), chain[0]);
    fs.writeFileSync(file('root.pem'), chain[1]);
    const answer = await runAsync('openssl', ['ocsp', '-issuer', file('issuer.pem'), '-cert', file('citizen.pem'), '-url', `${base}/ca/ocsp`, '-CAfile', file('root.pem'), '-resp_text', '-no_nonce']);
    expect(answer.output).toContain('Response verify OK');
    return answer.output;
  };

  /** A page in both languages: language and direction, no serious or critical axe violation, a screenshot each. */
  const check = async (page: Page, name: string) => {
    const url = new URL(page.url());
    for (const lang of ['ar', 'en'] as const) {
      url.searchParams.set('lang', lang);
      await page.goto(url.href);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect({ page: `${name} (${lang})`, violations: await seriousViolations(page) }).toEqual({ page: `${name} (${lang})`, violations: [] });
      await page.screenshot({ path: path.join(ARTIFACTS, `admin-identity-${name}-${lang}.png`), fullPage: true });
    }
    url.searchParams.set('lang', 'ar');
    await page.goto(url.href);
  };

  const personPage = async (page: Page, done?: string) => {
    await page.goto(`${base}/admin/identities/${CITIZEN.civil_number}${done ? `?done=${done}` : ''}`);
    return { status: await page.getAttribute('[data-testid="identity-status"]', 'data-status'), pin: await page.getAttribute('[data-testid="pin"]', 'data-state') };
  };

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const old of fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith('admin-identity-'))) fs.rmSync(path.join(ARTIFACTS, old));
    const [port, rpPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    demoRp = `http://127.0.0.1:${rpPort}`;
    env = {
      ...process.env,
      THEQA_DATA_DIR: file('data'),
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'on',
      DEMO_RP_PORT: String(rpPort),
      DEMO_RP_CLIENT_ID: `naql-demo-${rpPort}`,
      THEQA_PORTAL_CLIENT_ID: `portal-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-${port}`,
      THEQA_ADMIN_ROLES: `support-officer:${OFFICER_ONE.civil_number},${OFFICER_TWO.civil_number}`,
      THEQA_ADMIN_FOUR_EYES: 'identity.suspend',
    };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${demoRp}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline) throw new Error(`the demo relying party did not come up:\n${platform.output.join('')}`);
      await sleep(250);
    }
    phones.one = await register('one', OFFICER_ONE);
    phones.two = await register('two', OFFICER_TWO);
    phones.citizen = await register('citizen', CITIZEN);
    browser = await launchChromium();
    for (const who of ['one', 'two', 'citizen'] as const) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      contexts.push(context);
      pages[who] = await context.newPage();
      pages[who].on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${pages[who].url()}: ${message.text()}`));
    }
    await officerLogsIn('one', OFFICER_ONE);
    await officerLogsIn('two', OFFICER_TWO);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the citizen logs in at the demo RP before anything happens', async () => {
    expect(await citizenLogsIn()).toMatchObject({ loggedIn: true });
  }, 90_000);

  it('looks a person up: a bad civil number is refused on the form, a person without an identity is named so, the citizen has a page', async () => {
    const page = pages.one;
    await page.goto(`${base}/admin`);
    await page.click('nav.sections a[href="/admin/identities"]');
    await page.waitForURL(`${base}/admin/identities`);
    await check(page, 'lookup');
    await page.fill('#civil-number', '12ab');
    await page.click('form[data-testid="lookup"] button[type="submit"]');
    await page.waitForSelector('[data-testid="lookup-error"]');
    expect(await page.inputValue('#civil-number')).toBe('12ab');
    await check(page, 'lookup-error');
    await page.fill('#civil-number', NOBODY.civil_number);
    await page.click('form[data-testid="lookup"] button[type="submit"]');
    await page.waitForSelector('[data-testid="no-identity"]');
    await check(page, 'no-identity');
    await page.goto(`${base}/admin/identities`);
    await page.fill('#civil-number', CITIZEN.civil_number);
    await page.click('form[data-testid="lookup"] button[type="submit"]');
    await page.waitForURL(`${base}/admin/identities/${CITIZEN.civil_number}`);
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('medium');
    expect(await page.getAttribute('[data-testid="identity-status"]', 'data-status')).toBe('active');
    expect(await page.getAttribute('[data-testid="pin"]', 'data-state')).toBe('ok');
    expect(await page.textContent('[data-testid="devices"]')).toContain(phones.citizen.serial);
    expect(await page.$$eval('[data-testid="certificates"] [data-status]', (cells) => cells.map((c) => c.getAttribute('data-status')))).toEqual(['good']);
    const events = await page.$$eval('[data-testid="events"] [data-event]', (cells) => cells.map((c) => c.getAttribute('data-event')));
    expect(events).toEqual(expect.arrayContaining(['enrolment.completed', 'login.approved']));
    await check(page, 'person');
  }, 120_000);

  it('suspends with four eyes: one officer alone changes nothing; the second approves; the citizen is refused and the certificate is on hold', async () => {
    const one = pages.one;
    await personPage(one);
    await one.fill('#suspend-reason', 'Reported identity card theft (ticket 4711)');
    await one.click('[data-testid="suspend"]');
    await one.waitForURL(/\?done=suspend-proposed$/);
    expect(await one.getAttribute('[data-testid="identity-status"]', 'data-status')).toBe('active');
    expect(await one.textContent('[data-testid="pending-on-person"]')).toContain(OFFICER_ONE.civil_number);
    await check(one, 'suspend-proposed');
    // One officer alone: nothing taken effect — OCSP good, the citizen still logs in.
    if (toolIsAvailable('openssl')) expect(await ocsp()).toContain(`${file('citizen.pem')}: good`);
    expect(await citizenLogsIn()).toMatchObject({ loggedIn: true });
    // Nor can the proposer approve their own proposal.
    await one.goto(`${base}/admin/approvals`);
    // (Scoped to this person's row: the database is shared with other suites' proposals.)
    const row = `[data-testid="pending-proposals"] tr:has-text("${CITIZEN.civil_number}")`;
    expect(await one.getAttribute(`${row} [data-testid="cannot-decide"]`, 'data-why')).toBe('own');

    const two = pages.two;
    await two.goto(`${base}/admin/approvals`);
    expect(await two.textContent('[data-testid="pending-proposals"]')).toContain(CITIZEN.civil_number);
    await two.click(`${row} [data-testid="approve"]`);
    await two.waitForURL(/\/admin\/approvals\?done=approved$/);
    expect(await personPage(two)).toEqual({ status: 'suspended', pin: 'ok' });
    expect(await two.textContent('[data-testid="suspension-reason"]')).toBe('Reported identity card theft (ticket 4711)');
    const by = await two.textContent('[data-testid="suspended-by"]');
    expect(by).toContain(`admin:${OFFICER_ONE.civil_number}`);
    expect(by).toContain(`admin:${OFFICER_TWO.civil_number}`);
    expect(await two.getAttribute('[data-testid="certificates"] [data-status]', 'data-status')).toBe('on-hold');
    expect(await two.getAttribute('[data-testid="certificates"] [data-status]', 'data-held-by-suspension')).toBe('true');
    await check(two, 'suspended');

    if (toolIsAvailable('openssl')) {
      const answer = await ocsp();
      expect(answer).toContain(`${file('citizen.pem')}: revoked`);
      expect(answer).toContain('Reason: certificateHold');
    }
    const refused = await citizenLogsIn();
    expect(refused.loggedIn).toBe(false);
    // The wallet says so (the gateway refuses this identity's scan of the QR code).
    expect(refused.wallet).toContain('Your digital identity is suspended');
    expect(refusedByCsp).toEqual([]);
  }, 180_000);

  it('restores: the certificate is released and the citizen logs in again', async () => {
    const one = pages.one;
    await personPage(one);
    await one.fill('#restore-reason', 'Card found; the citizen confirmed at the counter');
    await one.click('[data-testid="restore"]');
    await one.waitForURL(/\?done=restored$/);
    expect(await one.getAttribute('[data-testid="identity-status"]', 'data-status')).toBe('active');
    expect(await one.getAttribute('[data-testid="certificates"] [data-status]', 'data-status')).toBe('good');
    await check(one, 'restored');
    if (toolIsAvailable('openssl')) expect(await ocsp()).toContain(`${file('citizen.pem')}: good`);
    expect(await citizenLogsIn()).toMatchObject({ loggedIn: true });
  }, 120_000);

  it('requires a PIN reset: the citizen is refused until `wallet pin reset`, then logs in with the new PIN', async () => {
    const one = pages.one;
    await personPage(one);
    await one.fill('#pin-reset-reason', 'The citizen called: someone saw the PIN');
    await one.click('[data-testid="pin-reset"]');
    await one.waitForURL(/\?done=pin-reset-required$/);
    expect(await one.getAttribute('[data-testid="pin"]', 'data-state')).toBe('reset-required');
    await check(one, 'pin-reset-required');

    const refused = await citizenLogsIn();
    expect(refused.loggedIn).toBe(false);
    expect(refused.wallet).toContain('a PIN reset is required (the help desk asked for it)');
    const reset = await theqaAsync(['wallet', '--home', phones.citizen.home, 'pin', 'reset', '--new-pin', NEW_PIN], env);
    expect({ status: reset.status, output: `${reset.stdout}${reset.stderr}` }).toMatchObject({ status: 0 });
    expect(await citizenLogsIn(NEW_PIN)).toMatchObject({ loggedIn: true });
    expect(await personPage(one)).toEqual({ status: 'active', pin: 'ok' });
    const events = await one.$$eval('[data-testid="events"] [data-event]', (cells) => cells.map((c) => c.getAttribute('data-event')));
    expect(events).toEqual(expect.arrayContaining(['pin.reset-required', 'pin.reset', 'identity.suspended', 'identity.restored']));
    await check(one, 'person-after');
    expect(refusedByCsp).toEqual([]);
  }, 180_000);
});
