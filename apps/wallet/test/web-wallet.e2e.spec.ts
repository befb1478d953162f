import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEVICE_SERIAL_PATTERN, PIN_REFUSAL_MESSAGES } from '@theqa/device-protocol';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';

/**
 * Issue 4's web wallet, driven as a person would drive it: the platform started as `npm start` starts
 * it, headless Chromium through every page of registration in Arabic (a screenshot of each step kept
 * in test-artifacts/web-wallet/, or $THEQA_TEST_ARTIFACTS/web-wallet/), then the key checked in the
 * browser (non-extractable) and the certificate checked by OpenSSL.
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;
const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

// A registry person no other suite registers (libs/integrations README: `resident`).
const PERSON = { civilNumber: '10000006', phone: '+96891000006', nameAr: 'أنيل كومار ناير', email: 'anil.nair@example.com' };
const PIN = '583920';
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'web-wallet');

describeWithChromium('web wallet at /wallet in headless Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-web-wallet-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let browser: Browser;
  /** What registration left in the browser: the certificate, and the public key (base64 SPKI) it must certify. */
  let registered: { certificate: string; spki: string } | undefined;

  const openssl = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const download = async (urlPath: string, name: string) => {
    const res = await fetch(`${platform.url}${urlPath}`);
    expect(res.status).toBe(200);
    fs.writeFileSync(file(name), Buffer.from(await res.arrayBuffer()));
  };
  const smsCode = async (since: Date) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await fetch(`${platform.url}/dev/sms?phone=${encodeURIComponent(PERSON.phone)}`, { headers: { accept: 'application/json' } });
      const { messages } = (await res.json()) as { messages: Array<{ purpose: string; text: string; sentAt: string }> };
      const latest = messages.filter((m) => m.purpose === 'enrolment-otp' && new Date(m.sentAt) >= since).at(-1);
      const code = latest && /\b(\d{6})\b/.exec(latest.text)?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no enrolment code arrived for ${PERSON.phone}`);
  };
  const openWallet = async () => {
    const context = await browser.newContext({ viewport: { width: 820, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${platform.url}/wallet`);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  };
  let shot = 0;
  const screenshot = async (page: Page, name: string) => {
    shot += 1;
    await page.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const visibleStep = (page: Page, step: string) => page.waitForSelector(`section[data-step="${step}"]:not([hidden])`);
  const textOf = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, THEQA_DATA_DIR: file('data'), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
    // Its own embedded database unless a real PostgreSQL is given (the CI pass); the test run's CA keys either way.
    if (process.env.THEQA_TEST_DATABASE !== 'server') delete env.DATABASE_URL;
    platform = new PlatformProcess(port, env);
    await platform.start();
    await download('/ca/certs/theqa-root-ca.pem', 'root.pem');
    await download('/ca/certs/citizen-authentication-ca.pem', 'citizen-authentication-ca.pem');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page and its script bundle with a strict content security policy', async () => {
    const html = await fetch(`${platform.url}/wallet/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await html.text()).toContain('<html lang="ar" dir="rtl">');
    const script = await fetch(`${platform.url}/wallet/wallet.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('theqa-pin/1');
  });

  it('registers through every page in Arabic; the key in IndexedDB is not extractable', async () => {
    const page = await openWallet();
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');

    // 1. Card read (the development stand-in for NFC).
    await visibleStep(page, 'card');
    expect(await textOf(page, '#step-card h2')).toBe('قراءة البطاقة الشخصية');
    expect(await textOf(page, '#dev-banner')).toContain('بيئة تطوير');
    await page.fill('#civil-number', PERSON.civilNumber);
    await screenshot(page, 'card');
    await page.click('#card-read');

    // 2. Email and phone.
    await visibleStep(page, 'contact');
    expect(await textOf(page, '#contact-welcome')).toContain(PERSON.nameAr);
    await page.fill('#email', PERSON.email);
    await page.fill('#phone', PERSON.phone);
    await screenshot(page, 'contact');
    await page.click('#contact-next');

    // 3. Terms, with the server's message: the code goes to the phone on record.
    await visibleStep(page, 'terms');
    expect(await textOf(page, '#notice')).toContain('سيُرسل رمز التحقق إلى رقم الهاتف المسجل لدى الأحوال المدنية');
    expect(await textOf(page, '#terms-text')).toContain('أوافق على أن تستخدم منصة ثقة');
    await page.click('#terms-accept');
    expect(await textOf(page, '#error-title')).toBe('يجب الموافقة على الشروط للمتابعة.');
    await page.check('#terms-accept-box');
    await screenshot(page, 'terms');
    await page.click('#terms-accept');

    // 4. Face (the development stand-in for the camera).
    await visibleStep(page, 'face');
    await page.click('#face-take');
    await page.waitForSelector('#face-figure:not([hidden])');
    await screenshot(page, 'face');
    const sentAfter = new Date(Date.now() - 1000);
    await page.click('#face-send');

    // 5. SMS code: a wrong one first (Arabic title, attempts left), then the one from the outbox.
    await visibleStep(page, 'otp');
    expect(await textOf(page, '#otp-sent')).toMatch(/^أُرسل رمز من 6 أرقام إلى الهاتف المسجل \+968 9•+ •+06\.$/);
    expect(await page.getAttribute('#otp-sent bdi', 'dir')).toBe('ltr');
    expect(await page.getAttribute('#otp-dev-link', 'href')).toBe('/dev/sms');
    const code = await smsCode(sentAfter);
    const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
    await page.fill('#otp-code', wrong);
    await page.click('#otp-verify');
    await page.waitForSelector('#error:not([hidden])');
    expect(await textOf(page, '#error-title')).toBe('رمز التحقق غير صحيح');
    expect(await textOf(page, '#error-attempts')).toBe('المحاولات المتبقية: 2');
    expect(await page.isVisible('section[data-step="otp"]')).toBe(true);
    await screenshot(page, 'otp-wrong-code');
    await page.fill('#otp-code', code);
    await screenshot(page, 'otp');
    await page.click('#otp-verify');

    // 6. PIN: the local rules refuse a trivial one before anything is sent.
    await visibleStep(page, 'pin');
    await page.fill('#pin-first', '123456');
    await page.fill('#pin-second', '123456');
    await page.click('#pin-set');
    await page.waitForSelector('#error:not([hidden])');
    expect(await textOf(page, '#error-title')).toBe(PIN_REFUSAL_MESSAGES['pin-trivial'].ar);
    await screenshot(page, 'pin-refused');
    await page.fill('#pin-first', PIN);
    await page.fill('#pin-second', PIN);
    await screenshot(page, 'pin');
    await page.click('#pin-set');

    // 7. Device key, then done.
    await visibleStep(page, 'device-key');
    await screenshot(page, 'device-key');
    await page.click('#key-create');
    await visibleStep(page, 'done');
    expect(await textOf(page, '#done-title')).toBe('اكتمل التسجيل');
    expect(await textOf(page, '#done-assurance')).toBe('متوسط');
    expect(await textOf(page, '#done-name')).toBe(PERSON.nameAr);
    expect(await textOf(page, '#done-civil-number')).toBe(PERSON.civilNumber);
    const serial = await textOf(page, '#done-serial');
    expect(serial).toMatch(DEVICE_SERIAL_PATTERN);
    expect(await textOf(page, '#done-device-name')).toBe('Theqa web wallet (Chromium)');
    // The push channel: the security notice of the new device arrives over the long-poll.
    await page.waitForSelector('#notifications li[data-type="security-notice"]', { timeout: 30_000 });
    expect(await textOf(page, '#notifications li')).toContain('أُضيف جهاز جديد إلى هويتك الرقمية');
    await screenshot(page, 'done');

    // The key as the browser keeps it: a CryptoKey in IndexedDB whose private half cannot be exported.
    const stored = await page.evaluate(async () => {
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
      const refusals: string[] = [];
      for (const format of ['pkcs8', 'jwk'] as const) {
        await crypto.subtle.exportKey(format, key).then(
          () => refusals.push(`${format}: exported!`),
          (error: Error) => refusals.push(`${format}: ${error.name}`),
        );
      }
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', record.publicKey));
      const data = new TextEncoder().encode('still usable for signing');
      const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, data);
      const verified = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, record.publicKey, signature, data);
      return {
        isCryptoKey: key instanceof CryptoKey,
        extractable: key.extractable,
        type: key.type,
        algorithm: key.algorithm as EcKeyAlgorithm,
        usages: key.usages,
        refusals,
        verified,
        spki: btoa(String.fromCharCode(...spki)),
        serial: record.device.serial as string,
        civilNumber: record.civil_number as string,
        certificate: record.certificate as string,
      };
    });
    expect(stored).toMatchObject({ isCryptoKey: true, extractable: false, type: 'private', algorithm: { name: 'ECDSA', namedCurve: 'P-256' }, usages: ['sign'], verified: true });
    expect(stored.refusals).toEqual(['pkcs8: InvalidAccessError', 'jwk: InvalidAccessError']);
    expect(stored.serial).toBe(serial);
    expect(stored.civilNumber).toBe(PERSON.civilNumber);
    expect(stored.certificate).toContain('BEGIN CERTIFICATE');
    registered = { certificate: stored.certificate, spki: stored.spki };

    // Back later: the wallet's status, read from IndexedDB.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await visibleStep(page, 'done');
    expect(await textOf(page, '#done-title')).toBe('محفظتك على هذا المتصفح');
    expect(await textOf(page, '#done-serial')).toBe(serial);
    await screenshot(page, 'status');
    await page.context().close();
  }, 240_000);

  itWithOpenssl("OpenSSL verifies the certificate to the root; its subject names the person; its key is the browser's", () => {
    if (!registered) throw new Error('registration did not complete');
    fs.writeFileSync(file('device.pem'), registered.certificate);
    const verify = openssl(['verify', '-x509_strict', '-CAfile', 'root.pem', '-untrusted', 'citizen-authentication-ca.pem', 'device.pem']);
    expect(verify.output).toContain('device.pem: OK');
    expect(verify.status).toBe(0);
    expect(openssl(['x509', '-in', 'device.pem', '-noout', '-subject', '-nameopt', 'RFC2253']).output).toContain(`serialNumber=PNOOM-${PERSON.civilNumber}`);
    const publicKey = openssl(['x509', '-in', 'device.pem', '-noout', '-pubkey']).output.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(publicKey).toBe(registered.spki);
  });

  it('switches to English, left to right, and back', async () => {
    const page = await openWallet();
    await page.click('#language-switch');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await textOf(page, '#step-card h2')).toBe('Read your ID card');
    expect(await textOf(page, '#card-read')).toBe('Read card');
    expect(await textOf(page, '#language-switch')).toBe('العربية');
    await page.fill('#civil-number', '12');
    await page.click('#card-read');
    expect(await textOf(page, '#error-title')).toBe('The civil number is 6 to 12 digits.');
    await screenshot(page, 'english-card');
    await page.click('#language-switch');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await textOf(page, '#error-title')).toBe('الرقم المدني من 6 إلى 12 رقماً.');
    await page.context().close();
  }, 120_000);
});
