import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqaAsync, WORKSPACE_ROOT } from '@theqa/testing';
import { approve, checkPage, logInThroughGateway, readQr, Screenshots, seriousViolations } from './admin-browser';

/**
 * Issue 14's acceptance for relying parties: a relying-party officer, HIGH through the portal's real
 * upgrade, onboards a new relying party in the console (a refusal first, shown beside its field in
 * both languages); the demo relying party, started as its own program with that client's id and the
 * secret shown once, logs a citizen in with the CLI wallet approving. Then disabling it by that officer
 * alone changes nothing (four eyes, the default), and a second officer's approval stops its logins.
 * Pages checked by axe-core in Arabic and English; screenshots test-artifacts/admin/admin-rp-*.
 * Registry persons: ordinary 87 and 88 (officers), 89 (the citizen).
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const OFFICER: RegistryPerson = ordinary[87];
const SECOND_OFFICER: RegistryPerson = ordinary[88];
const CITIZEN: RegistryPerson = ordinary[89];
const PIN = '583920';

describeWithChromium('the relying parties in the console, in a browser', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-admin-rp-'));
  let platform: PlatformProcess;
  let base = '';
  let demoRp = '';
  let rpPort = 0;
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  let shots: Screenshots;
  let naqlProcess: ChildProcess | undefined;
  const naqlOutput: string[] = [];
  const refusedByCsp: string[] = [];
  const phones: Record<'officer' | 'second' | 'citizen', { home: string; serial: string }> = {} as never;
  const officers: Record<'first' | 'second', Page> = {} as never;
  let onboarded = { clientId: '', secret: '' };

  const register = async (name: string, person: RegistryPerson) => {
    const home = path.join(dir, `phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'rp@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', `${name} phone`], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return { home, serial: JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial as string };
  };
  const watch = (p: Page) => p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));

  /** An officer's computer: their identity to HIGH through the portal's upgrade and the wallet, then logged in to the console. */
  const officerAtHigh = async (phone: { home: string; serial: string }, person: RegistryPerson): Promise<Page> => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    watch(page);
    await logInThroughGateway(page, `${base}/portal/login`, { home: phone.home, env, pin: PIN }, (url) => url.href === `${base}/portal`);
    await page.goto(`${base}/portal/upgrade`);
    await page.check(`#device-${phone.serial}`);
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    await page.click('form[action="/portal/upgrade"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/[0-9a-f-]{36}/);
    const payload = (await page.getAttribute('[data-testid="qr"]', 'data-qr-payload'))!;
    const upgraded = await theqaAsync(['wallet', '--home', phone.home, 'upgrade', '--qr', payload, '--pin', PIN, '--json'], env);
    if (upgraded.status !== 0) throw new Error(`the upgrade failed: ${upgraded.stdout}${upgraded.stderr}`);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ civil_number: person.civil_number, assurance: 'high' });
    await logInThroughGateway(page, `${base}/admin/login`, { home: phone.home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
    return page;
  };

  /** The demo relying party "Naql", started as its own program, configured as its operator would: the console's client. */
  const startNaql = async (client: { clientId: string; secret: string }) => {
    const naqlDir = path.join(dir, 'naql');
    fs.mkdirSync(naqlDir, { recursive: true });
    naqlProcess = spawn(process.execPath, [path.join(WORKSPACE_ROOT, 'tools/run-ts.cjs'), path.join(WORKSPACE_ROOT, 'apps/demo-rp/src/main.ts')], {
      cwd: WORKSPACE_ROOT,
      env: {
        PATH: process.env.PATH,
        DEMO_RP_PORT: String(rpPort),
        DEMO_RP_HOST: '127.0.0.1',
        DEMO_RP_ISSUER: `${base}/oidc`,
        DEMO_RP_CLIENT_ID: client.clientId,
        DEMO_RP_CLIENT_SECRET: client.secret,
        // No key file with a secret: its folder holds the demo's cookie key.
        DEMO_RP_KEY_FILE: path.join(naqlDir, 'client-key.jwk.json'),
        DEMO_RP_CLAIMS: 'civil_number,full_name_en,full_name_ar',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    naqlProcess.stdout?.on('data', (chunk: Buffer) => naqlOutput.push(chunk.toString()));
    naqlProcess.stderr?.on('data', (chunk: Buffer) => naqlOutput.push(chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${demoRp}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline || naqlProcess.exitCode !== null) throw new Error(`the demo relying party did not come up:\n${naqlOutput.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  /** The citizen at Naql: the button, the gateway's QR code, the wallet approving, consent; where it ends. */
  const naqlLogin = async (page: Page) => {
    await page.goto(`${demoRp}/`);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL((url) => /\/login\/[A-Za-z0-9_-]+$/.test(url.pathname) || url.href.startsWith(demoRp), { timeout: 20_000 });
  };

  beforeAll(async () => {
    shots = new Screenshots('admin-rp');
    const port = await freePort();
    rpPort = await freePort();
    base = `http://127.0.0.1:${port}`;
    demoRp = `http://127.0.0.1:${rpPort}`;
    env = {
      ...process.env,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'off',
      THEQA_PORTAL_CLIENT_ID: `portal-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-${port}`,
      THEQA_ADMIN_ROLES: `relying-party-officer:${OFFICER.civil_number},${SECOND_OFFICER.civil_number}`,
      // Four eyes as the default has them: disabling a relying party among them.
      THEQA_ADMIN_FOUR_EYES: 'relying-party.disable',
    };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    phones.officer = await register('officer', OFFICER);
    phones.second = await register('second', SECOND_OFFICER);
    phones.citizen = await register('citizen', CITIZEN);
    browser = await launchChromium();
    officers.first = await officerAtHigh(phones.officer, OFFICER);
  }, 400_000);

  afterAll(async () => {
    if (naqlProcess && naqlProcess.exitCode === null) {
      const exited = new Promise((resolve) => naqlProcess!.once('exit', resolve));
      naqlProcess.kill('SIGTERM');
      await exited;
    }
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an officer onboards a relying party (a refusal first, beside its field, in both languages); Naql configured with it logs a citizen in', async () => {
    const page = officers.first;
    expect(await page.$$eval('nav.sections a', (links) => links.map((a) => a.getAttribute('href')))).toContain('/admin/relying-parties');
    await page.click('nav.sections a[href="/admin/relying-parties"]');
    await page.waitForURL(`${base}/admin/relying-parties`);
    // The console's own client is in the register already.
    expect(await page.textContent('[data-testid="relying-parties"]')).toContain(env.THEQA_ADMIN_CLIENT_ID!);
    await checkPage(page, shots, 'list');
    await page.click('[data-testid="onboard-link"]');
    await page.waitForURL(`${base}/admin/relying-parties/new`);
    expect(await page.$$('input[name="claims"]')).toHaveLength(22);
    await checkPage(page, shots, 'onboard-form');

    const fill = async (nameEn: string) => {
      await page.fill('#name_ar', 'نقل — تجربة لوحة الإدارة');
      await page.fill('#name_en', nameEn);
      await page.fill('#redirect_uris', `${demoRp}/callback`);
      await page.fill('#post_logout_redirect_uris', `${demoRp}/`);
      for (const claim of ['civil_number', 'full_name_en', 'full_name_ar']) await page.check(`#claim-${claim}`);
      await page.fill('#purpose_ar', 'تسجيل الدخول إلى خدمات النقل');
      await page.fill('#purpose_en', 'Logging in to the transport services');
      await page.check('#acr-medium');
      await page.check('#acr-high');
      await page.check('#auth-client_secret_basic');
    };
    // Refused: no English name. Nothing made; the values kept; the error in Arabic and English.
    for (const lang of ['ar', 'en'] as const) {
      await page.goto(`${base}/admin/relying-parties/new?lang=${lang}`);
      await fill('   ');
      await page.click('[data-testid="onboard"]');
      await page.waitForSelector('[data-testid="form-errors"]');
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      const error = (await page.textContent('[data-testid="error-name_en"]'))!;
      expect(error).toContain('الاسم بالإنجليزية مطلوب');
      expect(error).toContain('Name (English): is required');
      expect(await page.inputValue('#name_ar')).toBe('نقل — تجربة لوحة الإدارة');
      expect(await page.isChecked('#claim-full_name_ar')).toBe(true);
      expect({ lang, violations: await seriousViolations(page) }).toEqual({ lang, violations: [] });
      await shots.take(page, `onboard-refused-${lang}`);
    }
    await page.goto(`${base}/admin/relying-parties/new?lang=ar`);
    await fill('Naql — console trial');
    await page.click('[data-testid="onboard"]');
    await page.waitForSelector('[data-testid="client-secret"]');
    onboarded = { clientId: (await page.textContent('[data-testid="new-client-id"]'))!.trim(), secret: (await page.textContent('[data-testid="client-secret"]'))!.trim() };
    expect(onboarded.clientId).toMatch(/^rp-[a-z0-9]{12}$/);
    expect(onboarded.secret.length).toBeGreaterThanOrEqual(40);
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await shots.take(page, 'onboarded-secret-ar');
    // Shown once: the party's page, seen again, does not carry it.
    await page.goto(`${base}/admin/relying-parties/${onboarded.clientId}`);
    expect(await page.content()).not.toContain(onboarded.secret);
    expect(await page.getAttribute('[data-testid="rp-status"]', 'data-status')).toBe('active');
    await checkPage(page, shots, 'relying-party');

    // The demo relying party, as its operator would start it with what the console gave.
    await startNaql(onboarded);
    const citizen = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
    await naqlLogin(citizen);
    expect(new URL(citizen.url()).pathname).toMatch(/\/login\/[A-Za-z0-9_-]+$/);
    await citizen.click('form[action$="/qr"] button[type="submit"]');
    expect((await approve(phones.citizen.home, env, await readQr(citizen), PIN)).status).toBe(0);
    await citizen.waitForURL((url) => url.pathname.endsWith('/consent') || url.href.startsWith(`${demoRp}/callback`), { timeout: 20_000 });
    if (citizen.url().endsWith('/consent')) {
      // The consent screen names the party and the purpose as the officer entered them.
      expect(await citizen.textContent('main')).toContain('نقل — تجربة لوحة الإدارة');
      await citizen.click('button[name="decision"][value="agree"]');
    }
    await citizen.waitForURL(`${demoRp}/callback**`, { timeout: 20_000 });
    const shown = (await citizen.textContent('body'))!;
    expect(shown).toContain(CITIZEN.civil_number);
    expect(shown).toContain('urn:theqa:loa:medium');
    await shots.take(citizen, 'naql-logged-in');
    await citizen.context().close();
    // The party's page counts the login today (Muscat).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Muscat' }).format(new Date());
    await page.goto(`${base}/admin/relying-parties/${onboarded.clientId}?lang=en`);
    expect(await page.textContent(`[data-testid="logins-${today}"]`)).toBe('1');
    expect(refusedByCsp).toEqual([]);
  }, 300_000);

  it('disabling by the officer alone does not take effect; a second officer approves, and the party can log nobody in', async () => {
    expect(onboarded.clientId).not.toBe('');
    const page = officers.first;
    await page.goto(`${base}/admin/relying-parties/${onboarded.clientId}`);
    await page.click('[data-testid="disable"]');
    await page.waitForURL(`${base}/admin/relying-parties/${onboarded.clientId}?done=proposed`);
    expect(await page.getAttribute('[data-testid="rp-status"]', 'data-status')).toBe('active');
    expect(await page.isVisible('[data-testid="disable-pending"]')).toBe(true);
    await checkPage(page, shots, 'disable-proposed');
    // Still in service: Naql's login reaches the gateway.
    const citizen = await (await browser.newContext()).newPage();
    await naqlLogin(citizen);
    expect(new URL(citizen.url()).pathname).toMatch(/\/login\/[A-Za-z0-9_-]+$/);

    // The proposer cannot approve it…
    await page.goto(`${base}/admin/approvals`);
    // (Scoped to this party's row: the database is shared with other suites' proposals.)
    const row = `[data-testid="pending-proposals"] tr:has-text("${onboarded.clientId}")`;
    expect(await page.getAttribute(`${row} [data-testid="cannot-decide"]`, 'data-why')).toBe('own');
    // …a second relying-party officer does.
    officers.second = await officerAtHigh(phones.second, SECOND_OFFICER);
    const second = officers.second;
    await second.goto(`${base}/admin/approvals`);
    expect(await second.textContent('[data-testid="pending-proposals"]')).toContain(onboarded.clientId);
    await checkPage(second, shots, 'approvals-disable');
    await second.click(`${row} [data-testid="approve"]`);
    await second.waitForURL(`${base}/admin/approvals?done=approved`);
    await second.goto(`${base}/admin/relying-parties/${onboarded.clientId}`);
    expect(await second.getAttribute('[data-testid="rp-status"]', 'data-status')).toBe('disabled');
    await checkPage(second, shots, 'disabled');

    // Naql, with the same id and secret, can no longer start a login.
    await naqlLogin(citizen);
    expect(citizen.url().startsWith(demoRp)).toBe(true);
    expect(await citizen.textContent('body')).toMatch(/invalid_client|provider_error/);
    await citizen.context().close();
    expect(refusedByCsp).toEqual([]);
  }, 300_000);
});
