import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEVICE_SERIAL_PATTERN } from '@theqa/device-protocol';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * The PIN in the web wallet (issue 13's "PIN" and "Wallet" bullets), driven as a person would: the
 * platform started as `npm start` starts it, with the demo relying party (Naql); one headless Chromium
 * context is the person's phone (the web wallet), another their computer (Naql's login). The PIN is
 * changed in settings and security (the old one then refused at a login, the new one accepted), blocked
 * by three wrong entries, reset by face match and SMS code, and the login works again. Every new screen
 * is checked by axe-core in Arabic and English and kept as a screenshot in test-artifacts/web-wallet-pin/
 * (or $THEQA_TEST_ARTIFACTS/web-wallet-pin/).
 */
const haveChromium = chromiumIsAvailable();
const describeWithChromium = haveChromium ? describe : describe.skip;

// Ordinary registry persons 80–84 are this suite's (EnrolmentHarness.persons has who takes which).
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const PERSON = ordinary[80];
const FIRST_PIN = '583920';
const CHANGED_PIN = '604718';
const RESET_PIN = '731946';
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'web-wallet-pin');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core run in the page as the person sees it (evaluated through the debugging protocol, which the page's CSP does not govern). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A command run without blocking this process (which may be serving the test run's embedded database). */
function runAsync(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', () => resolve(output));
  });
}

describeWithChromium('web wallet: changing, blocking and resetting the PIN', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-web-wallet-pin-'));
  let platform: PlatformProcess;
  let demoRp: string;
  let browser: Browser;
  let phone: BrowserContext;
  let wallet: Page;
  let computer: BrowserContext;
  const refusedByCsp: string[] = [];

  let shot = 0;
  const screenshot = async (page: Page, name: string) => {
    shot += 1;
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const visibleStep = (page: Page, step: string, timeout?: number) => page.waitForSelector(`section[data-step="${step}"]:not([hidden])`, { timeout });
  const textOf = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
  /** Presses a button and waits until its action is over (the page shows "please wait" while it runs). */
  const press = async (selector: string) => {
    await wallet.click(selector);
    await wallet.waitForSelector('#busy', { state: 'hidden' });
  };
  /** The refusal shown, once it is this one (a refusal from before may still be on the page while the next is on its way). */
  const expectError = (code: string) => wallet.waitForSelector(`#error:not([hidden])[data-code="${code}"]`, { timeout: 10_000 });

  /** The screen as it stands, in Arabic then English: direction, no serious or critical axe violation, a screenshot each; back to Arabic. */
  const checkScreen = async (name: string) => {
    for (const lang of ['ar', 'en'] as const) {
      if ((await wallet.getAttribute('html', 'lang')) !== lang) await wallet.click('#language-switch');
      expect(await wallet.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect({ screen: `${name} (${lang})`, violations: await seriousViolations(wallet) }).toEqual({ screen: `${name} (${lang})`, violations: [] });
      await screenshot(wallet, `${name}-${lang}`);
    }
    await wallet.click('#language-switch');
    expect(await wallet.getAttribute('html', 'lang')).toBe('ar');
    expect(refusedByCsp).toEqual([]);
  };

  const smsCode = async (purpose: string, since: Date) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await fetch(`${platform.url}/dev/sms?phone=${encodeURIComponent(PERSON.phone_number)}`, { headers: { accept: 'application/json' } });
      const { messages } = (await res.json()) as { messages: Array<{ purpose: string; text: string; sentAt: string }> };
      const code = /\b(\d{6})\b/.exec(messages.filter((m) => m.purpose === purpose && new Date(m.sentAt) >= since).at(-1)?.text ?? '')?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no ${purpose} code arrived for ${PERSON.phone_number}`);
  };

  const openWallet = async () => {
    await wallet.goto(`${platform.url}/wallet/`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep(wallet, 'done');
  };
  const openSettings = async () => {
    await wallet.click('#settings-open');
    await visibleStep(wallet, 'settings');
    await wallet.waitForSelector('#settings-pin-state:not([data-pin="unknown"])');
  };

  /**
   * A login at Naql on the computer, by QR: the code's text pasted in the wallet, the number picked and
   * the PIN entered. Returns the wallet's outcome, and the computer's page (at Naql's callback, or on the refusal).
   */
  const logInAtNaql = async (pin: string) => {
    const page = await computer.newPage();
    await page.goto(`${demoRp}/`);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await page.click('form[action$="/qr"] button[type="submit"]');
    await page.waitForSelector('[data-testid="qr"]');
    const shown = await page.evaluate(() => ({
      payload: document.querySelector('[data-testid="qr"]')?.getAttribute('data-qr-payload') ?? '',
      code: document.querySelector('[data-testid="verification-code"]')?.textContent?.trim() ?? '',
    }));
    await openWallet();
    await wallet.click('#login-open-scan');
    await visibleStep(wallet, 'login-scan');
    await wallet.fill('#login-qr-text', shown.payload);
    await wallet.click('#login-scan-open');
    await visibleStep(wallet, 'login');
    await wallet.click(`#login-codes button[data-code="${shown.code}"]`);
    await wallet.fill('#login-pin', pin);
    await wallet.click('#login-approve');
    await visibleStep(wallet, 'login-result');
    return { outcome: await wallet.getAttribute('#step-login-result', 'data-outcome'), page };
  };
  /** The computer follows an approved login through the consent (the first time) to Naql's callback. */
  const reachNaql = async (page: Page) => {
    await page.waitForURL((url) => url.pathname.endsWith('/consent') || url.href.startsWith(`${demoRp}/callback`), { timeout: 15_000 });
    if (page.url().endsWith('/consent')) await page.click('button[name="decision"][value="agree"]');
    await page.waitForURL(`${demoRp}/callback**`);
    expect(await page.textContent('body')).toContain(PERSON.civil_number);
  };

  /** The device key and certificate the wallet holds, as the page sees them. */
  const heldKey = () =>
    wallet.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('theqa-wallet');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const record = await new Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; certificate: string; chain: string[]; device: { serial: string } }>((resolve, reject) => {
        const request = db.transaction('wallet').objectStore('wallet').get('device');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', record.publicKey));
      const exported = await crypto.subtle.exportKey('pkcs8', record.privateKey).then(
        () => 'exported!',
        (error: Error) => error.name,
      );
      return { spki: btoa(String.fromCharCode(...spki)), certificate: record.certificate, chain: record.chain, serial: record.device.serial, extractable: record.privateKey.extractable, exported };
    });

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const [port, rpPort] = [await freePort(), await freePort()];
    demoRp = `http://127.0.0.1:${rpPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'on',
      DEMO_RP_PORT: String(rpPort),
      // Its own client: suites running at the same time on the shared database seed theirs with other keys.
      DEMO_RP_CLIENT_ID: `naql-demo-${rpPort}`,
    };
    // Its own embedded database unless a real PostgreSQL is given (the CI pass).
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    const deadline = Date.now() + 60_000;
    while (!(await fetch(`${demoRp}/health`).catch(() => undefined))?.ok) {
      if (Date.now() > deadline) throw new Error(`the demo relying party did not come up:\n${platform.output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    browser = await launchChromium();
    phone = await browser.newContext({ viewport: { width: 820, height: 1000 } });
    computer = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    wallet = await phone.newPage();
    wallet.on('pageerror', (error) => console.error(`wallet page error: ${error.message}`));
    wallet.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(message.text()));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the person in the web wallet', async () => {
    await wallet.goto(`${platform.url}/wallet`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep(wallet, 'card');
    await wallet.fill('#civil-number', PERSON.civil_number);
    await wallet.click('#card-read');
    await visibleStep(wallet, 'contact');
    await wallet.fill('#email', 'person@example.com');
    await wallet.fill('#phone', PERSON.phone_number);
    await wallet.click('#contact-next');
    await visibleStep(wallet, 'terms');
    await wallet.check('#terms-accept-box');
    await wallet.click('#terms-accept');
    await visibleStep(wallet, 'face');
    await wallet.click('#face-take');
    await wallet.waitForSelector('#face-figure:not([hidden])');
    const sentAfter = new Date(Date.now() - 1000);
    await wallet.click('#face-send');
    await visibleStep(wallet, 'otp');
    await wallet.fill('#otp-code', await smsCode('enrolment-otp', sentAfter));
    await wallet.click('#otp-verify');
    await visibleStep(wallet, 'pin');
    await wallet.fill('#pin-first', FIRST_PIN);
    await wallet.fill('#pin-second', FIRST_PIN);
    await wallet.click('#pin-set');
    await visibleStep(wallet, 'device-key');
    await wallet.click('#key-create');
    await visibleStep(wallet, 'done');
    expect(await textOf(wallet, '#done-serial')).toMatch(DEVICE_SERIAL_PATTERN);
    expect(await wallet.isVisible('#settings-open')).toBe(true);
    expect(await wallet.isVisible('#done-pin-blocked')).toBe(false);
  }, 60_000);

  it('changes the PIN in settings and security: the rules first, a wrong old PIN counted, then the new PIN; the old one is refused at a login, the new one logs in', async () => {
    await openWallet();
    await openSettings();
    expect(await wallet.getAttribute('#settings-pin-state', 'data-pin')).toBe('active');
    expect(await textOf(wallet, '#settings-pin-state')).toBe('رقمك السري غير محظور.');
    expect(await wallet.isVisible('#settings-blocked')).toBe(false);
    await checkScreen('settings');

    await wallet.click('#settings-change');
    await visibleStep(wallet, 'pin-change');
    await checkScreen('pin-change');

    // The CLI's rules, applied before anything is sent (nothing counted): a trivial PIN, two that differ, an old PIN that cannot be one.
    await wallet.fill('#pin-change-old', FIRST_PIN);
    await wallet.fill('#pin-change-new', '123456');
    await wallet.fill('#pin-change-again', '123456');
    await press('#pin-change-submit');
    await expectError('pin-trivial');
    expect(await textOf(wallet, '#error-title')).toContain('هذا الرقم السري سهل التخمين');
    // What was typed stays for a refusal made here.
    expect(await wallet.inputValue('#pin-change-old')).toBe(FIRST_PIN);
    await wallet.fill('#pin-change-new', CHANGED_PIN);
    await wallet.fill('#pin-change-again', '604719');
    await press('#pin-change-submit');
    await expectError('pin-mismatch');
    expect(await textOf(wallet, '#error-title')).toBe('الرقمان السريان غير متطابقين.');
    await wallet.click('#language-switch');
    expect(await textOf(wallet, '#error-title')).toBe('The two PINs differ.');
    await wallet.click('#language-switch');
    await wallet.fill('#pin-change-old', '12345');
    await wallet.fill('#pin-change-again', CHANGED_PIN);
    await press('#pin-change-submit');
    await expectError('pin-format');
    expect(await textOf(wallet, '#error-title')).toBe('الرقم السري من 6 أرقام.');

    // A wrong old PIN: the platform's refusal in words (title, attempts left, what to do), counted.
    await wallet.fill('#pin-change-old', '907153');
    await press('#pin-change-submit');
    await expectError('pin-wrong');
    expect(await textOf(wallet, '#error-title')).toBe('الرقم السري غير صحيح');
    expect(await textOf(wallet, '#error-attempts')).toBe('المحاولات المتبقية: 2');
    expect(await textOf(wallet, '#error-next')).toBe('أدخل الرقم السري مرة أخرى؛ يُحظر بعد ثلاث محاولات خاطئة.');
    expect(await textOf(wallet, '#error')).not.toContain('pin-wrong');
    expect(await wallet.inputValue('#pin-change-old')).toBe('');
    await checkScreen('pin-change-wrong-pin');
    await wallet.click('#pin-change-cancel');
    await visibleStep(wallet, 'settings');
    await wallet.waitForSelector('#settings-pin-state[data-pin="active"]');
    expect(await textOf(wallet, '#settings-pin-state')).toBe('رقمك السري غير محظور. محاولات خاطئة متتالية حتى الآن: 1 من 3.');

    await wallet.click('#settings-change');
    await visibleStep(wallet, 'pin-change');
    await wallet.fill('#pin-change-old', FIRST_PIN);
    await wallet.fill('#pin-change-new', CHANGED_PIN);
    await wallet.fill('#pin-change-again', CHANGED_PIN);
    await press('#pin-change-submit');
    await visibleStep(wallet, 'settings');
    expect(await textOf(wallet, '#notice')).toBe('تغيّر الرقم السري لهذا الجهاز. استخدم الرقم الجديد من الآن.');
    // A right PIN sets the count back to zero.
    expect(await textOf(wallet, '#settings-pin-state')).toBe('رقمك السري غير محظور.');
    await checkScreen('pin-changed');

    // The old PIN is refused at a login (on the computer too), the new one logs in.
    const refused = await logInAtNaql(FIRST_PIN);
    expect(refused.outcome).toBe('failed');
    await expectError('pin-wrong');
    expect(await textOf(wallet, '#error-title')).toBe('الرقم السري غير صحيح');
    await refused.page.waitForSelector('[data-testid="refusal"][data-reason="pin-wrong"]', { timeout: 15_000 });
    await refused.page.close();
    const approved = await logInAtNaql(CHANGED_PIN);
    expect(approved.outcome).toBe('approved');
    await reachNaql(approved.page);
    await approved.page.close();
  }, 120_000);

  it('blocks the PIN after three wrong entries: the settings and the status page explain the block and offer the reset; a login is refused even with the right PIN', async () => {
    await openWallet();
    await openSettings();
    for (const [wrong, expected] of [
      ['290416', 'pin-wrong'],
      ['290417', 'pin-wrong'],
      ['290418', 'pin-blocked'],
    ] as const) {
      if (!(await wallet.isVisible('#step-pin-change'))) {
        await wallet.click('#settings-change');
        await visibleStep(wallet, 'pin-change');
      }
      await wallet.fill('#pin-change-old', wrong);
      await wallet.fill('#pin-change-new', RESET_PIN);
      await wallet.fill('#pin-change-again', RESET_PIN);
      await press('#pin-change-submit');
      await expectError(expected);
    }
    // The third ends on the settings page: the block, what it means, and the way out.
    await visibleStep(wallet, 'settings');
    expect(await textOf(wallet, '#error-title')).toBe('الرقم السري محظور؛ يرجى إعادة تعيينه');
    expect(await wallet.getAttribute('#settings-pin-state', 'data-pin')).toBe('blocked');
    expect(await textOf(wallet, '#settings-blocked')).toContain('الانتظار لا يرفع الحظر. المخرج هو إعادة تعيين الرقم السري');
    expect(await wallet.isVisible('#settings-change')).toBe(false);
    expect(await wallet.isVisible('#settings-reset')).toBe(true);
    await checkScreen('pin-blocked');

    // Opening the wallet again: the status page reads the state and shows the block with the reset.
    await openWallet();
    await wallet.waitForSelector('#done-pin-blocked:not([hidden])');
    expect(await textOf(wallet, '#done-pin-blocked')).toContain('لا يمكن تسجيل الدخول ولا التوقيع بهويتك حتى تعيد تعيين الرقم السري.');
    await checkScreen('status-pin-blocked');
    // The portal's PIN page links to the settings: /wallet/#settings opens them.
    await wallet.goto('about:blank');
    await wallet.goto(`${platform.url}/wallet/#settings`);
    await visibleStep(wallet, 'settings');
    expect(await wallet.getAttribute('#settings-pin-state', 'data-pin')).toBe('blocked');

    // Even the right PIN cannot log in; the refusal offers the reset where it is met.
    const refused = await logInAtNaql(CHANGED_PIN);
    expect(refused.outcome).toBe('failed');
    await expectError('pin-blocked');
    expect(await wallet.isVisible('#error-reset')).toBe(true);
    await refused.page.waitForSelector('[data-testid="refusal"][data-reason="pin-blocked"]', { timeout: 15_000 });
    await refused.page.close();
  }, 120_000);

  it('resets the PIN by face match and SMS code: a wrong code refused in words, the new PIN by the rules, a new non-extractable device key and certificate; the block is lifted and the new PIN logs in', async () => {
    const before = await heldKey();
    // From the refusal's own button (the login refused above).
    await wallet.click('#error-reset');
    await visibleStep(wallet, 'reset-face');
    expect(await textOf(wallet, '#progress')).toBe('الخطوة 1 من 3');
    await checkScreen('reset-face');
    await wallet.click('#reset-face-take');
    await wallet.waitForSelector('#reset-face-figure:not([hidden])');
    const sentAfter = new Date(Date.now() - 1000);
    await wallet.click('#reset-face-send');
    await visibleStep(wallet, 'reset-otp');
    expect(await textOf(wallet, '#reset-otp-sent')).toMatch(/^أُرسل رمز من 6 أرقام إلى الهاتف المسجل \+968.*\d{2}\.$/);
    const code = await smsCode('pin-reset-otp', sentAfter);
    await wallet.fill('#reset-otp-code', code === '000000' ? '000001' : '000000');
    await press('#reset-otp-verify');
    await expectError('otp-wrong');
    expect(await textOf(wallet, '#error-title')).toBe('رمز التحقق غير صحيح');
    expect(await textOf(wallet, '#error-attempts')).toBe('المحاولات المتبقية: 2');
    await checkScreen('reset-otp-wrong-code');
    await wallet.fill('#reset-otp-code', code);
    await press('#reset-otp-verify');
    await visibleStep(wallet, 'reset-pin');
    await checkScreen('reset-pin');
    await wallet.fill('#reset-pin-first', PERSON.civil_number.slice(0, 6));
    await wallet.fill('#reset-pin-second', PERSON.civil_number.slice(0, 6));
    await press('#reset-pin-set');
    await expectError('pin-trivial');
    await wallet.fill('#reset-pin-first', RESET_PIN);
    await wallet.fill('#reset-pin-second', RESET_PIN);
    await press('#reset-pin-set');
    await visibleStep(wallet, 'reset-done');
    expect(await textOf(wallet, '#reset-done-serial')).toBe(before.serial);
    await checkScreen('reset-done');

    // A new key made here, still not extractable, with a new certificate for the same serial.
    const after = await heldKey();
    expect(after).toMatchObject({ serial: before.serial, extractable: false, exported: 'InvalidAccessError' });
    expect(after.spki).not.toBe(before.spki);
    expect(after.certificate).not.toBe(before.certificate);
    // OCSP: the old certificate revoked (superseded), the new one good.
    if (toolIsAvailable('openssl')) {
      const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
      const [issuer, root] = [file('issuer.pem', after.chain[0]), file('root.pem', after.chain[1])];
      const ocsp = (certificate: string) => runAsync('openssl', ['ocsp', '-issuer', issuer, '-cert', certificate, '-url', `${platform.url}/ca/ocsp`, '-CAfile', root, '-resp_text', '-no_nonce']);
      const old = await ocsp(file('old.pem', before.certificate));
      expect(old).toContain('Response verify OK');
      expect(old).toContain(': revoked');
      expect(old).toContain('Reason: superseded');
      expect(await ocsp(file('new.pem', after.certificate))).toContain(': good');
    }

    // The block is lifted, as the platform says it.
    await wallet.click('#reset-done-back');
    await visibleStep(wallet, 'done');
    expect(await wallet.isVisible('#done-pin-blocked')).toBe(false);
    await openSettings();
    expect(await textOf(wallet, '#settings-pin-state')).toBe('رقمك السري غير محظور.');

    // The new PIN logs in, signed by the new key; the PIN before the reset does not.
    const approved = await logInAtNaql(RESET_PIN);
    expect(approved.outcome).toBe('approved');
    await reachNaql(approved.page);
    await approved.page.close();
    const refused = await logInAtNaql(CHANGED_PIN);
    expect(refused.outcome).toBe('failed');
    await expectError('pin-wrong');
    await refused.page.close();
  }, 120_000);
});
