import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { rolesMay } from '@theqa/administration';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqaAsync } from '@theqa/testing';
import { ADMIN_ROUTES } from '../src';
import { approve, checkPage, logInThroughGateway, readQr, Screenshots, seriousViolations } from './admin-browser';

/**
 * The console as an administrator meets it: the platform started as `npm start` starts it, headless
 * Chromium as the administrator's computer, the CLI wallet as their phone. An administrator made HIGH
 * through the portal's real upgrade (`npx theqa wallet upgrade`) logs in to /admin and sees their
 * roles and the approvals; a MEDIUM person — though in the roster — is refused with a clear page.
 * Every page checked by axe-core in Arabic and English, kept as screenshots in test-artifacts/admin/.
 * Registry persons: ordinary 85–94 are this suite's (85 HIGH administrator, 86 MEDIUM).
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const ADMIN: RegistryPerson = ordinary[85];
const MEDIUM: RegistryPerson = ordinary[86];
const PIN = '583920';

describeWithChromium('the administrators console in a browser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-admin-'));
  let platform: PlatformProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  let computer: BrowserContext;
  let page: Page;
  let shots: Screenshots;
  const refusedByCsp: string[] = [];
  const phones: Record<'admin' | 'medium', { home: string; serial: string }> = {} as never;

  const register = async (name: string, person: RegistryPerson) => {
    const home = path.join(dir, `phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'admin@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', `${name} phone`], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return { home, serial: JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial as string };
  };
  const watch = (p: Page) => p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));

  beforeAll(async () => {
    shots = new Screenshots();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'off',
      THEQA_PORTAL_CLIENT_ID: `portal-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-${port}`,
      // The MEDIUM person is in the roster too: it is the assurance that refuses them, not the roster.
      THEQA_ADMIN_ROLES: `support-officer:${ADMIN.civil_number};auditor:${ADMIN.civil_number},${MEDIUM.civil_number}`,
      THEQA_ADMIN_ROLE_COMBINATIONS: 'support-officer+auditor',
    };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    phones.admin = await register('admin', ADMIN);
    phones.medium = await register('medium', MEDIUM);
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await computer.newPage();
    watch(page);

    // The administrator's identity to HIGH, as a person does it: the portal's upgrade and the wallet.
    await logInThroughGateway(page, `${base}/portal/login`, { home: phones.admin.home, env, pin: PIN }, (url) => url.href === `${base}/portal`);
    await page.goto(`${base}/portal/upgrade`);
    await page.check(`#device-${phones.admin.serial}`);
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    await page.click('form[action="/portal/upgrade"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/[0-9a-f-]{36}/);
    const payload = (await page.getAttribute('[data-testid="qr"]', 'data-qr-payload'))!;
    const upgraded = await theqaAsync(['wallet', '--home', phones.admin.home, 'upgrade', '--qr', payload, '--pin', PIN, '--json'], env);
    if (upgraded.status !== 0) throw new Error(`the upgrade failed: ${upgraded.stdout}${upgraded.stderr}`);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ civil_number: ADMIN.civil_number, assurance: 'high' });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the login page in Arabic and English', async () => {
    await page.goto(`${base}/admin/login`);
    expect(await page.textContent('main')).toContain('بمستوى ضمان مرتفع');
    await checkPage(page, shots, 'login');
    // Pages of the console need a session.
    await page.goto(`${base}/admin/approvals`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  }, 60_000);

  it('a HIGH administrator logs in with the wallet approving, sees their roles, the navigation and the approvals', async () => {
    await logInThroughGateway(page, `${base}/admin/login`, { home: phones.admin.home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
    expect(await page.$$eval('[data-testid="roles"] li', (items) => items.map((i) => i.getAttribute('data-role')))).toEqual(['support-officer', 'auditor']);
    expect(await page.textContent('[data-testid="who"]')).toContain(ADMIN.civil_number);
    // The sections the route table gives these roles (pages added later come with their own lines).
    const sections = ADMIN_ROUTES.filter((r) => r.method === 'GET' && r.nav && r.permission !== 'public' && rolesMay(['support-officer', 'auditor'], r.permission)).map((r) => r.path);
    expect(sections).toEqual(expect.arrayContaining(['/admin', '/admin/approvals', '/admin/identities']));
    expect(await page.$$eval('nav.sections a', (links) => links.map((a) => a.getAttribute('href')))).toEqual(sections);
    await checkPage(page, shots, 'dashboard');
    await page.click('nav.sections a[href="/admin/approvals"]');
    await page.waitForURL(`${base}/admin/approvals`);
    // Nothing of theirs waits (the database is shared with other suites, whose proposals may be listed).
    expect(await page.isVisible('[data-testid="pending-proposals"]')).toBe(true);
    expect(await page.$$('[data-testid="pending-proposals"] [data-why="own"]')).toHaveLength(0);
    await checkPage(page, shots, 'approvals');
    // A form sent from another origin changes nothing (CSRF): the console refuses it.
    const forged = await computer.request.post(`${base}/admin/logout`, { form: { csrf: 'x' }, headers: { origin: 'https://evil.example' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect((await computer.request.get(`${base}/admin`, { maxRedirects: 0 })).status()).toBe(200);
    // Logging out ends the console's session (the gateway's logout confirms, then sends back).
    await page.click('form[action="/admin/logout"] button[type="submit"]');
    await page.waitForURL((url) => !url.pathname.startsWith('/admin') || url.pathname === '/admin/login');
    expect((await computer.request.get(`${base}/admin`, { maxRedirects: 0 })).status()).toBe(303);
    expect(refusedByCsp).toEqual([]);
  }, 120_000);

  it('refuses a MEDIUM identity with a clear page, in Arabic and in English', async () => {
    const stranger = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
    watch(stranger);
    for (const lang of ['ar', 'en'] as const) {
      await stranger.goto(`${base}/admin/login?lang=${lang}`);
      await stranger.click('[data-testid="login-app"] button[type="submit"]');
      await stranger.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
      await stranger.click('form[action$="/qr"] button[type="submit"]');
      await approve(phones.medium.home, env, await readQr(stranger), PIN);
      // The gateway says it first, on its own page…
      await stranger.waitForSelector('[data-testid="refusal"][data-reason="assurance-too-low"]', { timeout: 20_000 });
      await stranger.click('form[action$="/abort"] button[type="submit"]');
      // …and the console, back at its callback, says what to do.
      await stranger.waitForURL((url) => url.pathname === '/admin/callback');
      expect(await stranger.getAttribute('[data-testid="login-message"]', 'data-message')).toBe('high-required');
      expect(await stranger.getAttribute('html', 'lang')).toBe(lang);
      expect(await stranger.textContent('main')).toContain(lang === 'ar' ? 'بمستوى ضمان مرتفع، وهويتك بمستوى متوسط' : 'and yours is at MEDIUM');
      expect({ lang, violations: await seriousViolations(stranger) }).toEqual({ lang, violations: [] });
      await shots.take(stranger, `medium-refused-${lang}`);
      expect((await stranger.context().request.get(`${base}/admin`, { maxRedirects: 0 })).status()).toBe(303);
    }
    expect(refusedByCsp).toEqual([]);
  }, 120_000);
});
