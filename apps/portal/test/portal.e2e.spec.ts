import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { verifyConsentReceipt } from '@theqa/consent';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { createDataSource } from '@theqa/persistence';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, run, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { approve, checkPage, logInToPortal, readQr, runAsync, Screenshots, seriousViolations } from './portal-browser';

/**
 * The self-service portal as a person uses it: the platform started as `npm start` starts it (the
 * demo relying party beside it), headless Chromium as the person's computer, the CLI wallet as their
 * phones. Every portal page is checked by axe-core in Arabic and English and kept as a screenshot in
 * test-artifacts/portal/. A second platform, on the same database, runs with a five-second idle time.
 */
const haveChromium = chromiumIsAvailable();
const describeWithChromium = haveChromium ? describe : describe.skip;

// Ordinary registry persons 120–139 are the portal suites' (EnrolmentHarness.persons has who takes which).
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const PERSON: RegistryPerson = ordinary[120];
const IDLE_PERSON: RegistryPerson = ordinary[121];
const PIN = '583920';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithChromium('the self-service portal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-portal-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let idlePlatform: PlatformProcess;
  let base = '';
  let demoRp = '';
  let env: NodeJS.ProcessEnv;
  let idleEnv: NodeJS.ProcessEnv;
  let dataSource: DataSource;
  let browser: Browser;
  /** The person's computer, logged in with their first phone; a second browser logged in with the second phone. */
  let computer: BrowserContext;
  let page: Page;
  let other: BrowserContext;
  const refusedByCsp: string[] = [];
  let shots: Screenshots;
  const phones: Record<'one' | 'two', { home: string; serial: string; certificate: string; chain: string[] }> = {} as never;

  const wallet = (phone: 'one' | 'two') => ({ home: phones[phone].home, env, pin: PIN });
  const register = async (home: string, person: RegistryPerson, name: string, on: NodeJS.ProcessEnv) => {
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', name], on);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')) as { device: { serial: string }; certificate: string; chain: string[] };
  };
  const watch = (p: Page) => p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));
  const deviceName = (serial: string) => page.textContent(`section[data-serial="${serial}"] h2`);

  beforeAll(async () => {
    shots = new Screenshots();
    const [port, rpPort, idlePort] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    demoRp = `http://127.0.0.1:${rpPort}`;
    // The test run's database and CA (as SigningHarness does), so that this test can read what the portal did.
    env = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: base, THEQA_URL: base, LOG_LEVEL: 'warn', THEQA_DEMO_RP: 'on', DEMO_RP_PORT: String(rpPort), DEMO_RP_CLIENT_ID: `naql-demo-${rpPort}`, THEQA_PORTAL_CLIENT_ID: `portal-${port}` };
    const idleBase = `http://127.0.0.1:${idlePort}`;
    idleEnv = { ...process.env, THEQA_DATA_DIR: file('idle-data'), PUBLIC_BASE_URL: idleBase, THEQA_URL: idleBase, LOG_LEVEL: 'warn', THEQA_PORTAL_CLIENT_ID: `portal-${idlePort}`, THEQA_PORTAL_IDLE_SECONDS: '5' };
    delete env.THEQA_WALLET_PIN;
    delete idleEnv.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    idlePlatform = new PlatformProcess(idlePort, idleEnv);
    await Promise.all([platform.start(), idlePlatform.start()]);
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${demoRp}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline) throw new Error(`the demo relying party did not come up:\n${platform.output.join('')}`);
      await sleep(250);
    }
    for (const [phone, name] of [['one', 'Phone one'], ['two', 'Phone two']] as const) {
      const home = file(`phone-${phone}`);
      const state = await register(home, PERSON, name, env);
      phones[phone] = { home, serial: state.device.serial, certificate: state.certificate, chain: state.chain };
    }
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    other = await browser.newContext({ viewport: { width: 900, height: 900 } });
    page = await computer.newPage();
    watch(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await dataSource?.destroy();
    await Promise.all([platform?.stop(), idlePlatform?.stop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has an accessibility check that finds serious violations where there are some', async () => {
    const probe = await computer.newPage();
    await probe.setContent('<!doctype html><html><head><title>x</title></head><body><main><input type="text"><p style="color:#bbb;background:#fff">faint</p></main></body></html>');
    const found = await seriousViolations(probe);
    expect(found.join('\n')).toMatch(/^critical label|^serious color-contrast/m);
    await probe.close();
  }, 30_000);

  it('offers the THEQA app and the ID card (portal-card.e2e.spec.ts logs in with it)', async () => {
    await page.goto(`${base}/portal`);
    expect(new URL(page.url()).pathname).toBe('/portal/login');
    expect(await page.isEnabled('[data-testid="login-app"] button')).toBe(true);
    expect(await page.isEnabled('[data-testid="login-card"] button')).toBe(true);
    await checkPage(page, shots, 'login', refusedByCsp);
  }, 60_000);

  it('logs in with the wallet approving the QR code, and shows the dashboard', async () => {
    await page.goto(`${base}/portal/login`);
    await page.click('[data-testid="login-app"] button[type="submit"]');
    await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await page.click('form[action$="/qr"] button[type="submit"]');
    const shown = await readQr(page);
    await shots.take(page, 'gateway-qr');
    expect((await approve(phones.one.home, env, shown, PIN)).status).toBe(0);
    // The portal's first login: the declaration of the data it receives, then the dashboard.
    await page.waitForURL(/\/consent$/, { timeout: 20_000 });
    expect(await page.textContent('body')).toContain('بوابة الخدمة الذاتية');
    await shots.take(page, 'gateway-consent');
    await page.click('button[name="decision"][value="agree"]');
    await page.waitForURL(`${base}/portal`);

    expect(await page.textContent('[data-testid="civil-number"]')).toBe(PERSON.civil_number);
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('medium');
    const body = (await page.textContent('main'))!;
    expect(body).toContain(PERSON.full_name_ar);
    expect(body).toContain(PERSON.full_name_en);
    const devices = await page.$$eval('[data-testid="devices"] tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
    expect(devices.sort()).toEqual([phones.one.serial, phones.two.serial].sort());
    const certificates = await page.$$eval('[data-testid="certificates"] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(certificates).toHaveLength(2);
    for (const row of certificates) expect(row).toEqual(['المصادقة (الجهاز)', expect.stringMatching(/^[0-9A-F]+$/), expect.stringMatching(/^THQ-/), 'سارية', expect.any(String)]);
    expect(await page.textContent('[data-testid="pending-signatures"]')).toContain('لا توجد طلبات توقيع');

    // The session knows the device that approved the login: the gateway's ID token named it.
    const sessions: Array<{ device: string; acr: string }> = await dataSource.query(`SELECT device, acr FROM portal_session WHERE civil_number = $1`, [PERSON.civil_number]);
    expect(sessions).toEqual([{ device: phones.one.serial, acr: 'medium' }]);
    const cookies = await computer.cookies(base);
    expect(cookies.find((c) => c.name === 'theqa_portal')).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    await checkPage(page, shots, 'dashboard', refusedByCsp);
  }, 90_000);

  it('renames a device; a bad name is refused in the page language with what was typed kept', async () => {
    const serial = phones.one.serial;
    await page.goto(`${base}/portal/devices`);
    await checkPage(page, shots, 'devices', refusedByCsp);
    await page.fill(`#name-${serial}`, 'هاتف <سالم>');
    await page.click(`section[data-serial="${serial}"] form button[type="submit"]`);
    expect(await page.textContent(`#name-${serial}-error`)).toContain('يتكوّن اسم الجهاز من حروف وأرقام');
    expect(await page.inputValue(`#name-${serial}`)).toBe('هاتف <سالم>');
    expect(await page.getAttribute(`#name-${serial}`, 'aria-invalid')).toBe('true');
    expect(await page.textContent('.error-summary')).toContain('يوجد خطأ');
    expect(await seriousViolations(page)).toEqual([]);
    await shots.take(page, 'devices-bad-name-ar');

    await page.goto(`${base}/portal/devices?lang=en`);
    const long = 'A phone with a name far longer than sixty characters in all, really';
    await page.fill(`#name-${serial}`, long);
    await page.click(`section[data-serial="${serial}"] form button[type="submit"]`);
    expect(await page.textContent(`#name-${serial}-error`)).toBe('The device name is at most 60 characters.');
    expect(await page.inputValue(`#name-${serial}`)).toBe(long);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await seriousViolations(page)).toEqual([]);
    await shots.take(page, 'devices-bad-name-en');
    expect(await deviceName(serial)).toContain('Phone one');

    await page.fill(`#name-${serial}`, 'هاتف سالم');
    await page.click(`section[data-serial="${serial}"] form button[type="submit"]`);
    await page.waitForURL(/\?renamed=/);
    expect(await page.textContent('[role="status"]')).toContain('هاتف سالم');
    expect(await deviceName(serial)).toContain('هاتف سالم');
    await page.goto(`${base}/portal/devices?lang=ar`);
  }, 60_000);

  it('shows the PIN, consents and activity pages', async () => {
    for (const [where, name] of [
      ['/portal/pin', 'pin'],
      ['/portal/consents', 'consents'],
      ['/portal/activity', 'activity'],
    ] as const) {
      await page.goto(`${base}${where}`);
      await checkPage(page, shots, name, refusedByCsp);
    }
    await page.goto(`${base}/portal/activity`);
    const events = await page.$$eval('[data-testid="activity"] tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
    expect(events[0]).toMatch(/^أُعيدت تسمية جهاز: /);
    expect(events).toContain('تسجيل الدخول إلى بوابة الخدمة الذاتية');
    expect(events.some((event) => event?.startsWith('أُضيف جهاز: '))).toBe(true);
  }, 90_000);

  it('refuses forms without the token, with a wrong one, or from another origin, and changes nothing', async () => {
    const serial = phones.one.serial;
    await page.goto(`${base}/portal/devices`);
    const csrf = (await page.getAttribute('input[name="csrf"]', 'value'))!;
    const post = (form: Record<string, string>, origin = base) => computer.request.post(`${base}/portal/devices/${serial}/name`, { form, headers: { origin }, maxRedirects: 0 });
    const refused = [await post({ name: 'Forged' }), await post({ name: 'Forged', csrf: 'x'.repeat(43) }), await post({ name: 'Forged', csrf }, 'http://elsewhere.example')];
    expect(refused.map((r) => r.status())).toEqual([403, 403, 403]);
    expect(await refused[0].text()).toContain('This request was not carried out and nothing changed');
    await page.goto(`${base}/portal/devices`);
    expect(await deviceName(serial)).toContain('هاتف سالم');
    await page.goto(`${base}/portal/nothing-here`);
    expect(await page.textContent('h1')).toBe('الصفحة غير موجودة');
    await checkPage(page, shots, 'not-found', refusedByCsp);
    const forged = await computer.request.post(`${base}/portal/logout`, { form: { csrf: 'forged'.padEnd(43, 'x') }, headers: { origin: base }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.goto(`${base}/portal/login`);
    await page.setContent(await forged.text());
    expect(await seriousViolations(page)).toEqual([]);
    await shots.take(page, 'refused');
    // Still logged in: the refusals ended nothing.
    await page.goto(`${base}/portal`);
    expect(new URL(page.url()).pathname).toBe('/portal');
  }, 60_000);

  it("reports the second phone lost from the first phone's session: its session ends, OCSP says revoked, and it can no longer log in", async () => {
    const lost = phones.two;
    const secondPage = await other.newPage();
    watch(secondPage);
    await logInToPortal(secondPage, base, wallet('two'));
    expect(await secondPage.textContent('[data-testid="civil-number"]')).toBe(PERSON.civil_number);

    await page.goto(`${base}/portal/devices`);
    await page.click(`section[data-serial="${lost.serial}"] a[href$="/lost"]`);
    await page.waitForURL(`${base}/portal/devices/${lost.serial}/lost`);
    await checkPage(page, shots, 'device-lost-confirm', refusedByCsp);
    await page.click('button.danger');
    await page.waitForURL(/\?reported=/);
    expect(await page.textContent('[role="status"]')).toContain(lost.serial);
    await shots.take(page, 'device-reported');

    // The lost phone's own portal session has ended.
    await secondPage.reload();
    expect(secondPage.url()).toBe(`${base}/portal/login?ended=session`);
    expect(await secondPage.textContent('[role="status"]')).toContain('انتهت جلستك');
    await shots.take(secondPage, 'lost-device-session-ended');

    // OCSP and the CRL say revoked, for key compromise.
    fs.writeFileSync(file('lost.pem'), lost.certificate);
    fs.writeFileSync(file('issuer.pem'), lost.chain[0]);
    fs.writeFileSync(file('root.pem'), lost.chain[1]);
    if (toolIsAvailable('openssl')) {
      // Not spawnSync: the test run's embedded database is served from this process, which must keep answering.
      const ocsp = await runAsync('openssl', ['ocsp', '-issuer', file('issuer.pem'), '-cert', file('lost.pem'), '-url', `${base}/ca/ocsp`, '-CAfile', file('root.pem'), '-resp_text', '-no_nonce']);
      expect(ocsp.output).toContain('Response verify OK');
      expect(ocsp.output).toContain(`${file('lost.pem')}: revoked`);
      expect(ocsp.output).toContain('Reason: keyCompromise');
      const crl = Buffer.from(await (await fetch(`${base}/ca/crl/citizen-authentication-ca.crl`)).arrayBuffer());
      fs.writeFileSync(file('ca.crl'), crl);
      const listed = run('openssl', ['crl', '-inform', 'DER', '-in', file('ca.crl'), '-noout', '-text']);
      const serial = run('openssl', ['x509', '-in', file('lost.pem'), '-noout', '-serial']).output.trim().split('=')[1];
      expect(listed.output).toMatch(new RegExp(`Serial Number: ${serial}\\s+Revocation Date: [^\\n]+\\n\\s+CRL entry extensions:\\s+X509v3 CRL Reason Code:\\s+Key Compromise`));
    }
    const [record] = await dataSource.query(`SELECT status, revocation_reason FROM ca_certificate WHERE serial_hex = (SELECT certificate_serial FROM identity_device WHERE serial = $1)`, [lost.serial]);
    expect(record).toEqual({ status: 'revoked', revocation_reason: 1 });
    const audit = await dataSource.query(`SELECT action, actor FROM audit_log WHERE subject = $1 AND action = 'device.reported-lost'`, [PERSON.civil_number]);
    expect(audit).toEqual([{ action: 'device.reported-lost', actor: `person:${PERSON.civil_number}` }]);

    // The lost phone cannot log in any more: the wallet is refused and the login never completes.
    await secondPage.click('[data-testid="login-app"] button[type="submit"]');
    await secondPage.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await secondPage.click('form[action$="/qr"] button[type="submit"]');
    const refusal = await approve(lost.home, env, await readQr(secondPage), PIN);
    expect(refusal.status).not.toBe(0);
    expect(`${refusal.stdout}${refusal.stderr}`).toMatch(/device-revoked|removed/);
    await sleep(3500);
    expect(secondPage.url()).toMatch(/\/login\/[A-Za-z0-9_-]+\/wait$/);
    expect(await secondPage.isVisible('[data-testid="qr"]')).toBe(true);
    await secondPage.close();

    await page.goto(`${base}/portal`);
    const states = await page.$$eval('[data-testid="devices"] tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.children[1].textContent, r.children[3].textContent])));
    expect(states).toEqual({ [phones.one.serial]: 'نشط', [lost.serial]: 'ملغى' });
  }, 120_000);

  it('withdraws a consent: the next login at that relying party asks for consent again', async () => {
    const naql = await computer.newPage();
    watch(naql);
    const logInAtNaql = async () => {
      await naql.goto(`${demoRp}/`);
      await naql.click('form[action="/login"] button[type="submit"]');
      await naql.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
      await naql.click('form[action$="/qr"] button[type="submit"]');
      expect((await approve(phones.one.home, env, await readQr(naql), PIN)).status).toBe(0);
      await naql.waitForURL((url) => url.pathname.endsWith('/consent') || url.href.startsWith(`${demoRp}/callback`), { timeout: 20_000 });
    };
    await logInAtNaql();
    expect(naql.url()).toMatch(/\/consent$/);
    await naql.click('button[name="decision"][value="agree"]');
    await naql.waitForURL(`${demoRp}/callback**`);
    // Another relying party never learns which device approved the login.
    expect(await naql.content()).not.toContain('theqa_device');

    await page.goto(`${base}/portal/consents`);
    const card = `section[data-client="naql-demo-${new URL(demoRp).port}"][data-state="in-force"]`;
    expect(await page.textContent(`${card} h2`)).toBe('نقل (تجريبي)');
    expect(await page.textContent(`${card} .attributes`)).toContain('تاريخ الميلاد');
    await checkPage(page, shots, 'consents-given', refusedByCsp);
    await page.click(`${card} a[href$="/withdraw"]`);
    await page.waitForURL(/\/withdraw$/);
    await checkPage(page, shots, 'consent-withdraw-confirm', refusedByCsp);
    await page.click('button.danger');
    await page.waitForURL(/\?withdrawn=/);
    expect(await page.textContent('[role="status"]')).toContain('سُحبت موافقتك');
    expect(await page.getAttribute(`section[data-client="naql-demo-${new URL(demoRp).port}"]`, 'data-state')).toBe('withdrawn');
    await shots.take(page, 'consent-withdrawn');

    // The receipt downloaded now shows the withdrawal, and verifies with the platform's published keys.
    const withdrawnCard = `section[data-client="naql-demo-${new URL(demoRp).port}"][data-state="withdrawn"]`;
    const receiptHref = await page.getAttribute(`${withdrawnCard} a[href$="/receipt"]`, 'href');
    const download = await page.request.get(`${base}${receiptHref}`);
    expect(download.headers()['content-type']).toBe('application/consent-receipt+jwt');
    const keys = await (await fetch(`${base}/.well-known/consent-receipt-keys.json`)).json();
    const { receipt } = await verifyConsentReceipt(await download.text(), keys);
    expect(receipt.pii_principal_id).toBe(PERSON.civil_number);
    expect(receipt.pii_controllers[0].id).toBe(`naql-demo-${new URL(demoRp).port}`);
    expect(receipt.consent.state).toBe('withdrawn');
    expect(receipt.consent.events.map((event) => event.state)).toEqual(['given', 'withdrawn']);

    await logInAtNaql();
    expect(naql.url()).toMatch(/\/consent$/);
    expect(await naql.textContent('body')).toContain('البيانات التي سيتم مشاركتها مع نقل (تجريبي)');
    await shots.take(naql, 'naql-asks-again');
    await naql.close();
  }, 120_000);

  it('explains a blocked PIN on the dashboard with the way out, and the reset on the phone lifts the block', async () => {
    const status = async (pin: string) => JSON.parse((await theqaAsync(['wallet', '--home', phones.one.home, 'status', '--pin', pin, '--json'], env)).stdout);
    for (const wrong of ['510293', '510294', '510295']) expect((await status(wrong)).error.code).toMatch(/^pin-(wrong|blocked)$/);
    expect((await status(PIN)).error.code).toBe('pin-blocked');
    await page.goto(`${base}/portal`);
    expect(await page.textContent('[data-testid="pin-blocked"]')).toContain('الرقم السري محظور');
    expect(await page.getAttribute('[data-testid="pin-blocked"] a', 'href')).toBe('/portal/pin');
    await checkPage(page, shots, 'dashboard-pin-blocked', refusedByCsp);

    const reset = await theqaAsync(['wallet', '--home', phones.one.home, 'pin', 'reset', '--new-pin', '802716', '--json'], env);
    expect(JSON.parse(reset.stdout)).toMatchObject({ reset: true });
    await page.goto(`${base}/portal`);
    expect(await page.$('[data-testid="pin-blocked"]')).toBeNull();
    expect((await status('802716')).identity).toMatchObject({ pin: 'active', pin_failures: 0 });
  }, 120_000);

  it('logs out through the gateway', async () => {
    await page.goto(`${base}/portal`);
    await page.click('form[action="/portal/logout"] button[type="submit"]');
    await page.waitForSelector('button[name="logout"][value="yes"]');
    await page.click('button[name="logout"][value="yes"]');
    await page.waitForURL(`${base}/portal/login?ended=logout`);
    expect(await page.textContent('[role="status"]')).toContain('تم تسجيل خروجك');
    await checkPage(page, shots, 'logged-out', refusedByCsp);
    const left: Array<{ n: number }> = await dataSource.query(`SELECT count(*)::int AS n FROM portal_session WHERE device = $1`, [phones.one.serial]);
    expect(left).toEqual([{ n: 0 }]);
    await page.goto(`${base}/portal`);
    expect(new URL(page.url()).pathname).toBe('/portal/login');
  }, 60_000);

  it('ends a session left idle longer than the configured idle time (5 s on the second platform)', async () => {
    const idleBase = idleEnv.PUBLIC_BASE_URL!;
    const home = file('idle-phone');
    await register(home, IDLE_PERSON, 'Idle phone', idleEnv);
    const idlePage = await (await browser.newContext()).newPage();
    await logInToPortal(idlePage, idleBase, { home, env: idleEnv, pin: PIN });
    // Used within the idle time, the session stays.
    for (let i = 0; i < 2; i++) {
      await sleep(2500);
      await idlePage.goto(`${idleBase}/portal/pin`);
      expect(new URL(idlePage.url()).pathname).toBe('/portal/pin');
    }
    await sleep(6500);
    await idlePage.goto(`${idleBase}/portal/devices`);
    expect(idlePage.url()).toBe(`${idleBase}/portal/login?ended=session`);
    await checkPage(idlePage, shots, 'session-ended', refusedByCsp);
  }, 120_000);
});
