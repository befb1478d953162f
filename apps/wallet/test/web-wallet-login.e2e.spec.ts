import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEVICE_SERIAL_PATTERN } from '@theqa/device-protocol';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * Issue 5's login approval in the web wallet, driven as a person would: the platform started as
 * `npm start` starts it, with the demo relying party (Naql) on a port of its own; one headless
 * Chromium context is the person's phone (the web wallet at /wallet, registered first), another is
 * the person's computer (the relying party and the gateway's login pages). Screenshots go to
 * test-artifacts/web-wallet-login/ (or $THEQA_TEST_ARTIFACTS/web-wallet-login/).
 */
const haveChromium = chromiumIsAvailable();
const describeWithChromium = haveChromium ? describe : describe.skip;

// An ordinary registry person no other suite registers (see LoginHarness for who takes which).
const named = new Set<string>(Object.values(TEST_PERSONS));
const PERSON = new SyntheticCivilRegistry()
  .listPersons()
  .filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)
  .at(-20)!;
const PIN = '583920';
const DEMO_CLAIMS = ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'gender_en', 'gender_ar', 'nationality'];
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'web-wallet-login');

describeWithChromium('web wallet: approving logins at a relying party', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-web-wallet-login-'));
  let platform: PlatformProcess;
  let demoRp: string;
  let browser: Browser;
  /** The person's phone (the web wallet) and computer (the relying party's pages). */
  let phone: BrowserContext;
  let wallet: Page;
  let computer: BrowserContext;

  let shot = 0;
  const screenshot = async (page: Page, name: string) => {
    shot += 1;
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const visibleStep = (page: Page, step: string, timeout?: number) => page.waitForSelector(`section[data-step="${step}"]:not([hidden])`, { timeout });
  const textOf = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

  const smsCode = async (since: Date) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await fetch(`${platform.url}/dev/sms?phone=${encodeURIComponent(PERSON.phone_number)}`, { headers: { accept: 'application/json' } });
      const { messages } = (await res.json()) as { messages: Array<{ purpose: string; text: string; sentAt: string }> };
      const latest = messages.filter((m) => m.purpose === 'enrolment-otp' && new Date(m.sentAt) >= since).at(-1);
      const code = latest && /\b(\d{6})\b/.exec(latest.text)?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no enrolment code arrived for ${PERSON.phone_number}`);
  };

  /** On the computer: the relying party's "log in with Theqa", followed to the gateway's login page. */
  const startLogin = async (page: Page) => {
    await page.goto(`${demoRp}/`);
    await page.click('form[action="/login"] button[type="submit"]');
    await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    return page.url();
  };
  /** What the waiting page shows; it reloads itself every 3 s, so read it in one go and retry across a reload. */
  const readWaitingPage = async (page: Page) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await page.waitForSelector('[data-testid="verification-code"]');
        return await page.evaluate(() => ({
          payload: document.querySelector('[data-testid="qr"]')?.getAttribute('data-qr-payload') ?? undefined,
          code: document.querySelector('[data-testid="verification-code"]')?.textContent?.trim() ?? '',
        }));
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  };
  const showQr = async (page: Page) => {
    await page.click('form[action$="/qr"] button[type="submit"]');
    await page.waitForSelector('[data-testid="qr"]');
    const shown = await readWaitingPage(page);
    expect(shown.payload).toMatch(/^theqa:[A-Za-z0-9_-]+$/);
    expect(shown.code).toMatch(/^\d{2}$/);
    return shown as { payload: string; code: string };
  };
  const codesShown = (page: Page) => page.$$eval('#login-codes button[data-code]', (buttons) => buttons.map((b) => (b as HTMLElement).dataset.code!));
  const openWallet = async () => {
    await wallet.goto(`${platform.url}/wallet/`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep(wallet, 'done');
  };
  const approveInWallet = async (code: string) => {
    await wallet.click(`#login-codes button[data-code="${code}"]`);
    expect(await wallet.getAttribute(`#login-codes button[data-code="${code}"]`, 'aria-pressed')).toBe('true');
    await wallet.fill('#login-pin', PIN);
    await wallet.click('#login-approve');
    await visibleStep(wallet, 'login-result');
  };

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
    await wallet.fill('#otp-code', await smsCode(sentAfter));
    await wallet.click('#otp-verify');
    await visibleStep(wallet, 'pin');
    await wallet.fill('#pin-first', PIN);
    await wallet.fill('#pin-second', PIN);
    await wallet.click('#pin-set');
    await visibleStep(wallet, 'device-key');
    await wallet.click('#key-create');
    await visibleStep(wallet, 'done');
    expect(await textOf(wallet, '#done-civil-number')).toBe(PERSON.civil_number);
    expect(await textOf(wallet, '#done-serial')).toMatch(DEVICE_SERIAL_PATTERN);
    expect(await wallet.isVisible('#login-open-scan')).toBe(true);
    await screenshot(wallet, 'wallet-registered');
  }, 60_000);

  it("by QR, through the login page's link: the wallet shows who asks, what and why, and the three numbers; approving leads the browser to consent and the relying party", async () => {
    const page = await computer.newPage();
    await startLogin(page);
    const { payload, code } = await showQr(page);
    await screenshot(page, 'computer-qr');
    // The login page's own link for a wallet on the same device.
    expect(await page.getAttribute('a[href^="/wallet/?login="]', 'href')).toBe(`/wallet/?login=${encodeURIComponent(payload)}`);

    await wallet.goto(`${platform.url}/wallet/?login=${encodeURIComponent(payload)}`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep(wallet, 'login');
    // The ?login= is spent once read: a reload does not scan the code again.
    expect(new URL(wallet.url()).search).toBe('');
    expect(await textOf(wallet, '#login-rp')).toBe('نقل (تجريبي)');
    expect(await textOf(wallet, '#login-asks')).toBe('تطلب نقل (تجريبي) تسجيل دخولك باستخدام هويتك الرقمية.');
    const claims = await wallet.$$eval('#login-claims li', (items) => items.map((li) => [(li as HTMLElement).dataset.claim, li.textContent]));
    expect(claims.map(([claim]) => claim).sort()).toEqual([...DEMO_CLAIMS].sort());
    expect(Object.fromEntries(claims)).toMatchObject({ civil_number: 'رقم المدني', date_of_birth: 'تاريخ الميلاد' });
    expect(await textOf(wallet, '#login-purpose')).toBe('التحقق من هوية مقدم طلب تسجيل المركبة');
    const codes = await codesShown(wallet);
    expect(codes).toHaveLength(3);
    expect(codes).toContain(code);
    await screenshot(wallet, 'wallet-login-request');

    // Approving needs a number and the PIN, checked before anything is sent.
    await wallet.click('#login-approve');
    expect(await textOf(wallet, '#error-title')).toBe('اختر الرقم الظاهر في المتصفح أولاً.');
    await approveInWallet(code);
    expect(await wallet.getAttribute('#step-login-result', 'data-outcome')).toBe('approved');
    expect(await textOf(wallet, '#login-result-title')).toBe('تمت الموافقة على تسجيل الدخول');
    expect(await textOf(wallet, '#login-result-text')).toBe('عد إلى المتصفح لإكمال تسجيل الدخول إلى نقل (تجريبي).');
    await screenshot(wallet, 'wallet-approved');

    // The computer's waiting page reloads itself, finds the approval, and asks for consent.
    await page.waitForURL(/\/consent$/, { timeout: 15_000 });
    expect(await page.textContent('body')).toContain('البيانات التي سيتم مشاركتها مع نقل (تجريبي)');
    await screenshot(page, 'computer-consent');
    await page.click('button[name="decision"][value="agree"]');
    await page.waitForURL(`${demoRp}/callback**`);
    const released = await page.$$eval('tbody tr', (rows) => Object.fromEntries(rows.map((r) => [r.querySelector('code')?.textContent, r.lastElementChild?.textContent])));
    expect(released.civil_number).toBe(PERSON.civil_number);
    expect(released.full_name_ar).toBe(PERSON.full_name_ar);
    await screenshot(page, 'computer-logged-in');
    await page.close();
  }, 60_000);

  it('by QR, the text pasted: a wrong number cancels the login, in the wallet and on the computer', async () => {
    const page = await computer.newPage();
    await startLogin(page);
    const { payload, code } = await showQr(page);

    await openWallet();
    await wallet.click('#login-open-scan');
    await visibleStep(wallet, 'login-scan');
    // A code of another platform is refused before anything is sent.
    const foreign = `theqa:${Buffer.from(JSON.stringify({ expires_at: '2099-01-01T00:00:00.000Z', kind: 'login', request: 'AAAAAAAAAAAAAAAAAAAAAA', server: 'https://elsewhere.example', v: 'theqa-device/1' })).toString('base64url')}`;
    await wallet.fill('#login-qr-text', foreign);
    await wallet.click('#login-scan-open');
    expect(await textOf(wallet, '#error-title')).toBe('هذا الرمز لمنصة غير المنصة المسجلة عليها هذه المحفظة؛ لم يُرسل شيء.');
    await wallet.fill('#login-qr-text', payload);
    await screenshot(wallet, 'wallet-paste-code');
    await wallet.click('#login-scan-open');
    await visibleStep(wallet, 'login');
    const wrong = (await codesShown(wallet)).find((c) => c !== code)!;
    await approveInWallet(wrong);
    expect(await wallet.getAttribute('#step-login-result', 'data-outcome')).toBe('denied');
    expect(await wallet.getAttribute('#step-login-result', 'data-denial')).toBe('wrong-code');
    expect(await textOf(wallet, '#login-result-title')).toBe('رُفض تسجيل الدخول');
    expect(await textOf(wallet, '#login-result-text')).toContain('الرقم الذي اخترته ليس الرقم الظاهر في المتصفح');
    await screenshot(wallet, 'wallet-wrong-number');

    await page.waitForSelector('[data-testid="refusal"][data-reason="wrong-code"]', { timeout: 15_000 });
    await screenshot(page, 'computer-refused');
    await page.click('form[action$="/abort"] button[type="submit"]');
    await page.waitForURL(`${demoRp}/callback**`);
    expect(await page.textContent('body')).toContain('access_denied');
    await page.close();
  }, 60_000);

  it('by push: a login request arriving while the wallet is open opens its page; another is reviewed from the notifications and denied', async () => {
    await openWallet();
    const page = await computer.newPage();
    await startLogin(page);
    await page.fill('#civil_number', PERSON.civil_number);
    await page.click('form[action$="/push"] button[type="submit"]');
    const { code } = await readWaitingPage(page);

    // The wallet's long-poll brings the request and opens it.
    await visibleStep(wallet, 'login', 30_000);
    expect(await textOf(wallet, '#notice')).toBe('وصل طلب تسجيل دخول جديد.');
    expect(await codesShown(wallet)).toContain(code);
    // In English, left to right, and back.
    await wallet.click('#language-switch');
    expect(await wallet.getAttribute('html', 'dir')).toBe('ltr');
    expect(await textOf(wallet, '#login-rp')).toBe('Naql (demo)');
    expect(await textOf(wallet, '#login-purpose')).toBe('To verify the identity of the vehicle registration applicant');
    expect(await wallet.$$eval('#login-claims li[data-claim="civil_number"]', (items) => items.map((li) => li.textContent))).toEqual(['Civil number']);
    await screenshot(wallet, 'wallet-push-english');
    await wallet.click('#language-switch');
    expect(await wallet.getAttribute('html', 'dir')).toBe('rtl');
    await approveInWallet(code);
    expect(await wallet.getAttribute('#step-login-result', 'data-outcome')).toBe('approved');
    // The consent given before covers this login: the browser goes straight back to the relying party.
    await page.waitForURL(`${demoRp}/callback**`, { timeout: 15_000 });
    expect(await page.textContent('body')).toContain(PERSON.civil_number);

    // Another one, arriving while the wallet is closed: offered in the notifications list.
    await wallet.goto('about:blank');
    await startLogin(page);
    await page.fill('#civil_number', PERSON.civil_number);
    await page.click('form[action$="/push"] button[type="submit"]');
    await readWaitingPage(page);
    await openWallet();
    // A locator, not a handle: the list is drawn again when the wallet polls its notifications.
    const review = wallet.locator('#notifications li[data-type="login-request"] button[data-action="review-login"]');
    await review.waitFor();
    expect(await wallet.$$('#notifications li[data-type="login-request"] button[data-action="review-login"]')).toHaveLength(1);
    expect(await textOf(wallet, '#notifications li[data-type="login-request"]')).toContain('طلب تسجيل دخول إلى نقل (تجريبي)');
    await screenshot(wallet, 'wallet-notifications');
    await review.click();
    await visibleStep(wallet, 'login');
    await wallet.click('#login-deny');
    await visibleStep(wallet, 'login-result');
    expect(await wallet.getAttribute('#step-login-result', 'data-denial')).toBe('denied-on-device');
    expect(await textOf(wallet, '#login-result-text')).toBe('رفضت طلب تسجيل الدخول إلى نقل (تجريبي)؛ سيعرض المتصفح ذلك.');
    await page.waitForSelector('[data-testid="refusal"][data-reason="denied-on-device"]', { timeout: 15_000 });
    await wallet.click('#login-result-back');
    await visibleStep(wallet, 'done');
    expect(await wallet.$$('#notifications button[data-action="review-login"]')).toHaveLength(0);
    await page.close();
  }, 60_000);

  it('signed every answer with a key that still cannot be exported', async () => {
    const refusals = await wallet.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('theqa-wallet');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const record = await new Promise<any>((resolve, reject) => {
        const request = db.transaction('wallet').objectStore('wallet').get('device');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      db.close();
      const key: CryptoKey = record.privateKey;
      const out: string[] = [`extractable: ${key.extractable}`];
      for (const format of ['pkcs8', 'jwk'] as const) {
        await crypto.subtle.exportKey(format, key).then(
          () => out.push(`${format}: exported!`),
          (error: Error) => out.push(`${format}: ${error.name}`),
        );
      }
      return out;
    });
    expect(refusals).toEqual(['extractable: false', 'pkcs8: InvalidAccessError', 'jwk: InvalidAccessError']);
  });
});
