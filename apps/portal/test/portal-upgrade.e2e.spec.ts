import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { validatePdf } from '@theqa/pades';
import { chromiumIsAvailable, freePort, launchChromium, pdfsigWithRoot, pemToDer, PlatformProcess, testPdf, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { approve, checkPage, logInToPortal, readQr, runAsync, Screenshots, seriousViolations } from './portal-browser';

/**
 * The upgrade as a person does it in the portal: the platform started as `npm start` starts it
 * (the demo relying party beside it), headless Chromium as their computer, the CLI wallet as their
 * phones. Manage digital identity → upgrade → pick the device by its serial number → continue →
 * confirm → the QR code → `npx theqa wallet upgrade --qr … --pin …` on the phone picked → the page
 * shows HIGH; then a PDF signed in the portal (upload, review, `npx theqa wallet sign --pending --code
 * … --pin …` on the phone upgraded, download), the file accepted by poppler's pdfsig and the
 * platform's validator; the dashboard shows the level and the qualified signing certificate, and the
 * demo relying party requiring acr high gets it. Then a second upgrade of the HIGH identity is refused; another
 * person's upgrade, followed without JavaScript, is picked up again, resumed where it stood,
 * abandoned and begun anew; a third's is followed in place by the page's script. Every upgrade page
 * checked by axe-core in Arabic and English, and kept as a screenshot in test-artifacts/portal-upgrade/.
 * Registry persons 70–72 (70–79 are the suite's).
 */
const haveChromium = chromiumIsAvailable();
const describeWithChromium = haveChromium ? describe : describe.skip;

// Ordinary registry persons 70–79 are this suite's (EnrolmentHarness.persons has who takes which).
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const PERSON: RegistryPerson = ordinary[70];
const OTHER: RegistryPerson = ordinary[71];
const THIRD: RegistryPerson = ordinary[72];
const PIN = '583920';
const withPdfsig = toolIsAvailable('pdfsig') && toolIsAvailable('certutil');
const JOURNEY = /\/portal\/upgrade\/([0-9a-f-]{36})(\?resumed=1)?$/;

interface Phone {
  home: string;
  serial: string;
}

describeWithChromium('the upgrade to HIGH in the self-service portal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-portal-upgrade-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let base = '';
  let demoRp = '';
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  /** The person's computer; another person's, with JavaScript off. */
  let computer: BrowserContext;
  let noScript: BrowserContext;
  let page: Page;
  const refusedByCsp: string[] = [];
  let shots: Screenshots;
  const phones: Record<'one' | 'two' | 'other' | 'third', Phone> = {} as never;
  /** The person's upgrade page, and the confirmation left open in a second window. */
  let journeyUrl = '';
  let stale: Page;

  const register = async (name: string, person: RegistryPerson, device: string): Promise<Phone> => {
    const home = file(`phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', device], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return { home, serial: JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial };
  };
  /** `npx theqa wallet --home … upgrade …  --json` on a phone. */
  const upgradeOn = async (phone: Phone, ...args: string[]) => {
    const result = await theqaAsync(['wallet', '--home', phone.home, 'upgrade', ...args, '--pin', PIN, '--json'], env);
    return { status: result.status, json: JSON.parse(result.stdout || '{}'), output: `${result.stdout}${result.stderr}` };
  };
  const watch = (p: Page) => p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));
  /** Pick → continue → confirm, on the page as it is; the upgrade's page it leads to. */
  const pickAndConfirm = async (p: Page, serial: string) => {
    await p.goto(`${base}/portal/upgrade`);
    await p.check(`#device-${serial}`);
    await p.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await p.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    expect(await p.textContent('[data-testid="picked-serial"]')).toBe(serial);
    await p.click('form[action="/portal/upgrade"] button[type="submit"]');
    await p.waitForURL(JOURNEY);
    const [, journeyId, resumed] = JOURNEY.exec(p.url())!;
    return { journeyId, resumed: resumed !== undefined };
  };
  const payloadOn = (p: Page) => p.getAttribute('[data-testid="qr"]', 'data-qr-payload');
  /**
   * checkPage for a page of the browser without JavaScript: axe-core needs script (its checks wait on
   * timers), so the page is checked as the same session sees it in a browser with script.
   */
  const checkWithoutScript = async (p: Page, name: string) => {
    const checker = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    await checker.addCookies(await noScript.cookies());
    const seen = await checker.newPage();
    watch(seen);
    await seen.goto(p.url());
    await checkPage(seen, shots, name, refusedByCsp);
    await checker.close();
  };

  beforeAll(async () => {
    shots = new Screenshots('portal-upgrade');
    const [port, rpPort] = [await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    demoRp = `http://127.0.0.1:${rpPort}`;
    env = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: base, THEQA_URL: base, LOG_LEVEL: 'warn', THEQA_DEMO_RP: 'on', DEMO_RP_PORT: String(rpPort), DEMO_RP_CLIENT_ID: `naql-demo-${rpPort}`, THEQA_PORTAL_CLIENT_ID: `portal-${port}` };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${demoRp}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline) throw new Error(`the demo relying party did not come up:\n${platform.output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    phones.one = await register('one', PERSON, 'Phone one');
    phones.two = await register('two', PERSON, 'Phone two');
    phones.other = await register('other', OTHER, 'Other phone');
    phones.third = await register('third', THIRD, 'Third phone');
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    noScript = await browser.newContext({ viewport: { width: 1000, height: 900 }, javaScriptEnabled: false });
    page = await computer.newPage();
    watch(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades: dashboard → upgrade → pick the device → continue → confirm → QR code → the wallet → HIGH', async () => {
    await logInToPortal(page, base, { home: phones.one.home, env, pin: PIN });
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('medium');
    await page.click('main a[href="/portal/upgrade"]');
    await page.waitForURL(`${base}/portal/upgrade`);
    const offered = await page.$$eval('input[name="device"]', (radios) => radios.map((r) => (r as HTMLInputElement).value));
    expect(offered.sort()).toEqual([phones.one.serial, phones.two.serial].sort());
    expect(await page.textContent('main')).toContain('«طلبات التوقيع» في تطبيق ثقة');
    await checkPage(page, shots, 'upgrade-pick', refusedByCsp);

    // Continue without a device picked: said in the page's language, nothing begun.
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/confirm/);
    expect(await page.textContent('[data-testid="upgrade-refusal"] h2')).toBe('اختر الجهاز الذي تريد ترقيته برقمه التسلسلي.');
    await checkPage(page, shots, 'upgrade-pick-nothing-picked', refusedByCsp);
    await page.goto(`${base}/portal/upgrade/confirm?lang=en`);
    expect(await page.textContent('[data-testid="upgrade-refusal"] h2')).toBe('Pick the device to upgrade by its serial number.');
    await page.goto(`${base}/portal/upgrade?lang=ar`);

    // Phone two, by its serial number: the confirmation names it and what follows on it.
    await page.check(`#device-${phones.two.serial}`);
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(`${base}/portal/upgrade/confirm?device=${phones.two.serial}`);
    expect(await page.textContent('[data-testid="picked-serial"]')).toBe(phones.two.serial);
    expect(await page.textContent('[data-testid="picked-name"]')).toBe('Phone two');
    const steps = await page.textContent('main ol.steps');
    for (const step of ['مطابقة الوجه', 'رقم هاتفك المسجل', 'الشروط والأحكام', 'مفتاح توقيع منفصل']) expect(steps).toContain(step);
    await checkPage(page, shots, 'upgrade-confirm', refusedByCsp);
    stale = await computer.newPage();
    watch(stale);
    await stale.goto(page.url());

    await page.click('form[action="/portal/upgrade"] button[type="submit"]');
    await page.waitForURL(JOURNEY);
    journeyUrl = page.url();
    const payload = (await payloadOn(page))!;
    expect(payload).toMatch(/^theqa:[A-Za-z0-9_-]+$/);
    expect(await page.inputValue('#upgrade-code')).toBe(payload);
    expect(await page.getAttribute('[data-testid="open-web-wallet"]', 'href')).toBe(`/wallet/?upgrade=${encodeURIComponent(payload)}`);
    expect(await page.getAttribute('[data-testid="upgrade-state"]', 'data-step')).toBe('scan');
    expect(await page.textContent('[data-testid="upgrade-next"]')).toContain(phones.two.serial);
    if (toolIsAvailable('zbarimg')) {
      // The drawn symbol carries exactly the code's text.
      await page.locator('[data-testid="qr"]').screenshot({ path: file('qr.png') });
      const read = await runAsync('zbarimg', ['--raw', '-q', file('qr.png')]);
      // (zbarimg may say on stderr that it found no D-Bus; the symbol's text is its own line.)
      expect(read.output.split('\n').filter((line) => line.startsWith('theqa:'))).toEqual([payload]);
    }
    await checkPage(page, shots, 'upgrade-qr', refusedByCsp);
    expect(await payloadOn(page)).toBe(payload);

    // Another person's phone cannot take it up; the phone picked does, and the page follows it.
    const stranger = await upgradeOn(phones.other, '--qr', payload);
    expect(stranger.status).not.toBe(0);
    expect(stranger.json.error?.code).toBe('upgrade-other-device');
    const upgraded = await upgradeOn(phones.two, '--qr', payload);
    expect({ status: upgraded.status, output: upgraded.output }).toEqual({ status: 0, output: expect.any(String) });
    expect(upgraded.json).toMatchObject({ civil_number: PERSON.civil_number, assurance: 'high', signing_requests: true, device: { serial: phones.two.serial } });
    await page.waitForSelector('[data-testid="upgrade-done"]', { timeout: 30_000 });
    expect(page.url()).toBe(`${journeyUrl}?lang=ar`);
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('high');
    expect(await page.textContent('main')).toContain('«طلبات التوقيع» في تطبيق ثقة');
    await checkPage(page, shots, 'upgrade-done', refusedByCsp);
  }, 240_000);

  it('signs a PDF in the portal, approved on the phone upgraded: the downloaded file passes pdfsig and the validator', async () => {
    const previewShown = (p: Page) => p.waitForSelector('#preview-figure[data-preview="shown"]', { timeout: 30_000 });
    await page.click('nav a[href="/portal/sign"]');
    await page.waitForURL(`${base}/portal/sign`);
    expect(await page.isVisible('[data-testid="upload-form"]')).toBe(true);
    await checkPage(page, shots, 'sign-upload', refusedByCsp);
    const uploaded = await testPdf(1, 'Tenancy contract, upgraded identity');
    await page.fill('#name_ar', 'عقد إيجار');
    await page.fill('#name_en', 'Tenancy contract');
    await page.fill('#reason', 'Approval');
    await page.setInputFiles('#document', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: uploaded });
    await page.click('[data-testid="upload-form"] button[type="submit"]');
    await page.waitForURL(/\/portal\/sign\/[A-Za-z0-9_-]{22}$/);
    await previewShown(page);
    expect(await page.getAttribute('[data-testid="status"]', 'data-status')).toBe('pending');
    const code = (await page.textContent('[data-testid="code"]'))!.trim();
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}$/);
    await checkPage(page, shots, 'sign-review', refusedByCsp, previewShown);

    // The phone that holds the signing key (phone two, upgraded) approves with the code the page shows.
    const signed = await theqaAsync(['wallet', '--home', phones.two.home, 'sign', '--pending', '--code', code, '--pin', PIN, '--json'], env);
    expect({ status: signed.status, output: `${signed.stdout}${signed.stderr}` }).toMatchObject({ status: 0 });
    await page.waitForSelector('[data-testid="status"][data-status="signed"]', { timeout: 30_000 });
    await checkPage(page, shots, 'sign-signed', refusedByCsp, previewShown);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download"]')]);
    expect(download.suggestedFilename()).toBe('عقد إيجار-signed.pdf');
    const signedFile = file('signed.pdf');
    await download.saveAs(signedFile);
    const bytes = fs.readFileSync(signedFile);
    expect(bytes.subarray(0, uploaded.length).equals(uploaded)).toBe(true);
    expect(JSON.parse(signed.stdout).signed_sha256).toBe(createHash('sha256').update(bytes).digest('hex'));

    const rootPem = await (await fetch(`${base}/ca/certs/theqa-root-ca.pem`)).text();
    const validation = await validatePdf(bytes, { trustAnchors: [pemToDer(rootPem)] });
    expect(validation.indication).toBe('TOTAL_PASSED');
    expect(validation.signatures).toHaveLength(1);
    expect(validation.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT', reason: 'Approval', revocation: { status: 'good' } });
    expect(validation.signatures[0].signer?.civilNumber).toBe(PERSON.civil_number);
    if (withPdfsig) {
      const report = await pdfsigWithRoot(signedFile, rootPem, dir);
      expect(report.output).toContain('Signature Validation: Signature is Valid.');
      expect(report.output).toContain('Certificate Validation: Certificate is Trusted.');
      expect(report.output).toContain('Signature Type: ETSI.CAdES.detached');
    } else if (process.env.CI) {
      throw new Error('pdfsig and certutil are required under CI (apt-get install poppler-utils libnss3-tools)');
    }
  }, 180_000);

  it('the dashboard shows the level HIGH and the qualified signing certificate; the demo relying party requiring acr high gets it', async () => {
    await page.goto(`${base}/portal`);
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('high');
    const certificates = await page.$$eval('[data-testid="certificates"] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    expect(certificates.filter((row) => row[0] === 'التوقيع المعتمد')).toEqual([['التوقيع المعتمد', expect.stringMatching(/^[0-9A-F]+$/), phones.two.serial, 'سارية', expect.any(String)]]);
    await checkPage(page, shots, 'dashboard-high', refusedByCsp);

    const naql = await computer.newPage();
    watch(naql);
    await naql.goto(`${demoRp}/`);
    await naql.check('#high');
    await naql.click('form[action="/login"] button[type="submit"]');
    await naql.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await naql.click('form[action$="/qr"] button[type="submit"]');
    expect((await approve(phones.one.home, env, await readQr(naql), PIN)).status).toBe(0);
    await naql.waitForURL((url) => url.pathname.endsWith('/consent') || url.href.startsWith(`${demoRp}/callback`), { timeout: 20_000 });
    if (naql.url().endsWith('/consent')) await naql.click('button[name="decision"][value="agree"]');
    await naql.waitForURL(`${demoRp}/callback**`);
    const shown = (await naql.textContent('body'))!;
    expect(shown).toContain('"acr": "urn:theqa:loa:high"');
    expect(shown).toContain(PERSON.civil_number);
    await shots.take(naql, 'naql-acr-high');
    await naql.close();
  }, 120_000);

  it('refuses a second upgrade of the identity now HIGH, with a clear message in Arabic and English', async () => {
    // The confirmation left open in another window, confirmed after the upgrade completed.
    const csrf = (await stale.getAttribute('form[action="/portal/upgrade"] input[name="csrf"]', 'value'))!;
    await stale.click('form[action="/portal/upgrade"] button[type="submit"]');
    await stale.waitForSelector('[data-testid="upgrade-refusal"]');
    expect(await stale.getAttribute('[data-testid="upgrade-refusal"]', 'data-code')).toBe('already-high');
    expect(await stale.textContent('[data-testid="upgrade-refusal"] h2')).toBe('هويتك الرقمية في المستوى المرتفع بالفعل');
    expect(await stale.textContent('[data-testid="upgrade-refusal"]')).toContain('طلبات التوقيع');
    // Nothing begun; what the page offers now is the renewal of the signing key on phone one, which has none.
    expect(await stale.$$eval('input[type="radio"]', (radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual([phones.one.serial]);
    expect(await seriousViolations(stale)).toEqual([]);
    await shots.take(stale, 'upgrade-refused-already-high-ar');
    const english = await computer.request.post(`${base}/portal/upgrade?lang=en`, { form: { csrf, device: phones.one.serial, purpose: 'upgrade' }, headers: { origin: base }, maxRedirects: 0 });
    expect(english.status()).toBe(409);
    await stale.goto(`${base}/portal/upgrade?lang=en`);
    await stale.setContent(await english.text());
    expect(await stale.textContent('[data-testid="upgrade-refusal"] h2')).toBe('Your digital identity is already at the high level');
    expect(await seriousViolations(stale)).toEqual([]);
    await shots.take(stale, 'upgrade-refused-already-high-en');
    await stale.close();

    // The upgrade page of a HIGH identity: the renewal of the signing key offered on phone one (it has
    // none); phone two, which signs, listed and not offered.
    await page.goto(`${base}/portal/upgrade?lang=ar`);
    expect(await page.textContent('h1')).toBe('تجديد مفتاح التوقيع على جهاز');
    expect(await page.$$eval('input[name="device"]', (radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual([phones.one.serial]);
    expect(await page.textContent('[data-testid="signing-devices"]')).toContain(phones.two.serial);
    await checkPage(page, shots, 'upgrade-renewal-pick', refusedByCsp);
  }, 60_000);

  it('without JavaScript: an upgrade picked up again gets a new code, carries on where it stood, is abandoned and begun anew', async () => {
    const other = await noScript.newPage();
    watch(other);
    await logInToPortal(other, base, { home: phones.other.home, env, pin: PIN });
    const first = await pickAndConfirm(other, phones.other.serial);
    expect(first.resumed).toBe(false);
    const firstPayload = (await payloadOn(other))!;

    // Confirmed again before any scan: the same upgrade, a new code; the old one no longer works.
    const again = await pickAndConfirm(other, phones.other.serial);
    expect(again).toEqual({ journeyId: first.journeyId, resumed: true });
    expect(await other.textContent('main [role="status"]')).toContain('كانت لديك ترقية جارية');
    const payload = (await payloadOn(other))!;
    expect(payload).not.toBe(firstPayload);
    await checkWithoutScript(other, 'upgrade-resumed-new-code');
    const old = await upgradeOn(phones.other, '--qr', firstPayload);
    expect(old.json.error?.code).toBe('upgrade-code-unknown');

    // The phone takes it up, then stops at a wrong SMS code; "check now" shows where it stands.
    const stopped = await upgradeOn(phones.other, '--qr', payload, '--otp', '000000');
    expect(stopped.status).toBe(1);
    expect(stopped.json.error).toMatchObject({ code: 'otp-wrong' });
    await other.click(`main a[href="/portal/upgrade/${first.journeyId}"]`);
    await other.waitForURL(`${base}/portal/upgrade/${first.journeyId}`);
    expect(await other.getAttribute('[data-testid="upgrade-state"]', 'data-step')).toBe('otp');
    expect(await other.$('[data-testid="qr"]')).toBeNull();
    expect(await other.textContent('[data-testid="upgrade-next"]')).toContain('أدخل الرمز المرسل برسالة نصية');
    expect(await other.textContent('main li[aria-current="step"]')).toContain('رمز التحقق');
    await checkWithoutScript(other, 'upgrade-in-progress');

    // Begun again from the start page: picked up where it stood, no code to scan.
    const resumed = await pickAndConfirm(other, phones.other.serial);
    expect(resumed).toEqual({ journeyId: first.journeyId, resumed: true });
    expect(await other.getAttribute('[data-testid="upgrade-state"]', 'data-step')).toBe('otp');
    expect(await other.$('[data-testid="qr"]')).toBeNull();
    await checkWithoutScript(other, 'upgrade-resumed-at-step');

    // Abandoned: the page says so and offers to start again; the phone can no longer carry it on.
    await other.click('form[action$="/abandon"] button[type="submit"]');
    await other.waitForURL(`${base}/portal/upgrade/${first.journeyId}`);
    expect(await other.getAttribute('[data-testid="upgrade-failed"]', 'data-failure')).toBe('abandoned');
    expect(await other.textContent('[data-testid="upgrade-failed"]')).toContain('تخلّيت عن هذه الترقية');
    await checkWithoutScript(other, 'upgrade-abandoned');
    const carried = await upgradeOn(phones.other);
    expect(carried.status).not.toBe(0);
    expect(carried.output).not.toContain('assurance HIGH');

    // Start again: a new upgrade, its own code.
    await other.click('[data-testid="start-again"]');
    await other.waitForURL(`${base}/portal/upgrade?device=${phones.other.serial}`);
    expect(await other.isChecked(`#device-${phones.other.serial}`)).toBe(true);
    await other.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await other.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    await other.click('form[action="/portal/upgrade"] button[type="submit"]');
    await other.waitForURL(JOURNEY);
    const [, anew, resumedAgain] = JOURNEY.exec(other.url())!;
    expect({ anew: anew !== first.journeyId, resumedAgain }).toEqual({ anew: true, resumedAgain: undefined });
    expect(await payloadOn(other)).toMatch(/^theqa:/);
    await other.goto(`${base}/portal`);
    expect(await other.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('medium');

    // Someone else's upgrade is the portal's 404, to look at and to abandon.
    await other.goto(journeyUrl);
    expect(await other.textContent('h1')).toBe('الصفحة غير موجودة');
    await other.goto(`${base}/portal`);
    const csrf = (await other.getAttribute('form[action="/portal/logout"] input[name="csrf"]', 'value'))!;
    const abandon = await noScript.request.post(`${journeyUrl}/abandon`, { form: { csrf }, headers: { origin: base }, maxRedirects: 0 });
    expect(abandon.status()).toBe(404);
    await page.goto(journeyUrl);
    expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('high');
    expect(await page.$('[data-testid="upgrade-done"]')).not.toBeNull();
    await other.close();
  }, 240_000);

  it('follows the journey in place with its script: a step taken on the phone shows without a reload, the completion loads its page', async () => {
    const third = await (await browser.newContext({ viewport: { width: 1000, height: 900 } })).newPage();
    watch(third);
    await logInToPortal(third, base, { home: phones.third.home, env, pin: PIN });
    await pickAndConfirm(third, phones.third.serial);
    const payload = (await payloadOn(third))!;
    await third.evaluate(() => ((globalThis as unknown as { sameDocument: boolean }).sameDocument = true));
    const stopped = await upgradeOn(phones.third, '--qr', payload, '--otp', '000000');
    expect(stopped.json.error).toMatchObject({ code: 'otp-wrong' });
    await third.waitForSelector('[data-testid="upgrade-state"][data-step="otp"]', { timeout: 20_000 });
    expect(await third.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await third.$('[data-testid="qr"]')).toBeNull();
    expect(await third.textContent('#upgrade-next')).toContain('أدخل الرمز المرسل برسالة نصية');
    expect(await third.textContent('main li[aria-current="step"]')).toContain('رمز التحقق');

    const carried = await upgradeOn(phones.third);
    expect(carried.json).toMatchObject({ assurance: 'high' });
    await third.waitForSelector('[data-testid="upgrade-done"]', { timeout: 20_000 });
    expect(await third.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBeUndefined();
    expect(await third.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('high');
    expect(refusedByCsp).toEqual([]);
    await third.close();
  }, 120_000);
});
