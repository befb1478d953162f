import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { createLogger } from '@theqa/http-shell';
import type { Upgrades } from '@theqa/identity';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, WORKSPACE_ROOT } from '@theqa/testing';
import { loadConfiguration } from '../../src/composition/configuration';
import { PlatformServices } from '../../src/composition/platform-services';

/**
 * The upgrade to HIGH in the web wallet, driven as a person would: the platform as `npm start` runs
 * it, a person registered in headless Chromium, the portal's side played by the composition root's
 * Upgrades (`begin` for the browser's device), then the wallet's upgrade pages — the code pasted, a
 * reload in the middle, face, a wrong SMS code (its refusal and what to do next), the right one,
 * terms, the PIN and a signing key made in the browser — to HIGH and "signing requests". Screenshots
 * of every page in Arabic and English go to test-artifacts/web-wallet-upgrade/ (or
 * $THEQA_TEST_ARTIFACTS/web-wallet-upgrade/).
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'web-wallet-upgrade');
const PIN = '583920';

describeWithChromium('web wallet: the upgrade to HIGH', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-web-upgrade-'));
  // The upgrade's persons (EnrolmentHarness.persons): 118 is this suite's.
  const named = new Set<string>(Object.values(TEST_PERSONS));
  const person = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death)[118];
  let platform: PlatformProcess;
  let services: PlatformServices;
  let upgrades: Upgrades;
  let base = '';
  let browser: Browser;
  let wallet: Page;
  let serial = '';
  const pageErrors: string[] = [];

  let shot = 0;
  const screenshot = async (name: string) => {
    shot += 1;
    await wallet.screenshot({ path: path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  /** A screenshot in Arabic, then in English (the page re-rendered by its switch), then back to Arabic. */
  const screenshotBoth = async (name: string) => {
    await screenshot(`${name}-ar`);
    await wallet.click('#language-switch');
    await wallet.waitForSelector('html[lang="en"][dir="ltr"]');
    await screenshot(`${name}-en`);
    await wallet.click('#language-switch');
    await wallet.waitForSelector('html[lang="ar"][dir="rtl"]');
  };
  const visibleStep = (step: string) => wallet.waitForSelector(`section[data-step="${step}"]:not([hidden])`);
  const textOf = async (selector: string) => ((await wallet.textContent(selector)) ?? '').trim();
  const idle = () => wallet.waitForSelector('#busy[hidden]', { state: 'attached' });
  const smsCode = async (purpose: string, since: Date) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await fetch(`${base}/dev/sms?phone=${encodeURIComponent(person.phone_number)}`, { headers: { accept: 'application/json' } });
      const { messages } = (await res.json()) as { messages: Array<{ purpose: string; text: string; sentAt: string }> };
      const code = /\b(\d{6})\b/.exec(messages.filter((m) => m.purpose === purpose && new Date(m.sentAt) >= since).at(-1)?.text ?? '')?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no ${purpose} code arrived for ${person.phone_number}`);
  };

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PUBLIC_BASE_URL: base, THEQA_URL: base, THEQA_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
    platform = new PlatformProcess(port, env);
    await platform.start();
    const logger = createLogger({ level: 'error', destination: new Writable({ write: (_chunk, _enc, done) => done() }) });
    services = await PlatformServices.open(loadConfiguration(env), { logger, actor: 'test-portal', applicationName: 'theqa-test-portal', poolSize: 2 });
    upgrades = (await services.identity()).upgrades;
    browser = await launchChromium();
    const phone = await browser.newContext({ viewport: { width: 820, height: 1000 } });
    wallet = await phone.newPage();
    wallet.on('pageerror', (error) => pageErrors.push(error.message));
    wallet.on('console', (message) => {
      // Refusals the test provokes (422) show as failed loads; anything else is an error.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await services?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers the person in the web wallet (MEDIUM); the status page offers the upgrade', async () => {
    await wallet.goto(`${base}/wallet/`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep('card');
    await wallet.fill('#civil-number', person.civil_number);
    await wallet.click('#card-read');
    await visibleStep('contact');
    await wallet.fill('#email', 'person@example.com');
    await wallet.fill('#phone', person.phone_number);
    await wallet.click('#contact-next');
    await visibleStep('terms');
    await wallet.check('#terms-accept-box');
    await wallet.click('#terms-accept');
    await visibleStep('face');
    await wallet.click('#face-take');
    await wallet.waitForSelector('#face-figure:not([hidden])');
    const sentAfter = new Date(Date.now() - 1000);
    await wallet.click('#face-send');
    await visibleStep('otp');
    await wallet.fill('#otp-code', await smsCode('enrolment-otp', sentAfter));
    await wallet.click('#otp-verify');
    await visibleStep('pin');
    await wallet.fill('#pin-first', PIN);
    await wallet.fill('#pin-second', PIN);
    await wallet.click('#pin-set');
    await visibleStep('device-key');
    await wallet.click('#key-create');
    await visibleStep('done');
    serial = await textOf('#done-serial');
    expect(serial).toMatch(/^THQ-/);
    expect(await textOf('#done-assurance')).toBe('متوسط');
    expect(await wallet.isVisible('#upgrade-offer')).toBe(true);
    expect(await textOf('#upgrade-offer h3')).toBe('الترقية إلى المستوى المرتفع');
    await screenshotBoth('status-medium');
  }, 120_000);

  it('takes up the upgrade the portal began for this device: a wrong paste is refused here, the code pasted goes on; a reload keeps the place', async () => {
    await wallet.click('#upgrade-open');
    await visibleStep('upgrade-scan');
    expect(await textOf('#upgrade-scan-intro bdi')).toBe(serial);
    const begun = await upgrades.begin({ civilNumber: person.civil_number, device: serial });
    await wallet.fill('#upgrade-qr-text', begun.qrPayload);
    await screenshotBoth('upgrade-scan');

    await wallet.fill('#upgrade-qr-text', 'theqa:not-a-code');
    await wallet.click('#upgrade-scan-open');
    await idle();
    expect(await wallet.getAttribute('#error', 'data-code')).toBe('qr-invalid');
    expect(await textOf('#error-title')).toBe('هذا ليس رمز ترقية من ثقة.');
    await screenshotBoth('upgrade-scan-refused');

    await wallet.fill('#upgrade-qr-text', begun.qrPayload);
    await wallet.click('#upgrade-scan-open');
    await visibleStep('upgrade-face');
    expect(await textOf('#progress')).toBe('الخطوة 2 من 5');
    expect((await upgrades.status(begun.journeyId, person.civil_number)).step).toBe('face');

    await wallet.reload();
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep('upgrade-face');
    await wallet.click('#upgrade-face-take');
    await wallet.waitForSelector('#upgrade-face-figure:not([hidden])');
    await screenshotBoth('upgrade-face');
  }, 60_000);

  it('face, a wrong SMS code (refused, with the attempts left and what to do), the right code, the terms', async () => {
    const sentAfter = new Date(Date.now() - 1000);
    await wallet.click('#upgrade-face-send');
    await visibleStep('upgrade-otp');
    expect(await textOf('#upgrade-otp-sent')).toContain('+968');
    const code = await smsCode('upgrade-otp', sentAfter);
    await screenshotBoth('upgrade-otp');

    await wallet.fill('#upgrade-otp-code', String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await wallet.click('#upgrade-otp-verify');
    await idle();
    expect(await wallet.getAttribute('#error', 'data-code')).toBe('otp-wrong');
    expect(await textOf('#error-title')).toBe('رمز التحقق غير صحيح');
    expect(await textOf('#error-attempts')).toBe('المحاولات المتبقية: 2');
    expect(await textOf('#error-next')).toBe('تحقق من الرمز في الرسالة النصية وأدخله مرة أخرى.');
    expect(await wallet.isVisible('#restart')).toBe(false);
    await screenshotBoth('upgrade-otp-wrong');
    await wallet.click('#language-switch');
    expect(await textOf('#error-next')).toBe('Check the code in the SMS and enter it again.');
    await wallet.click('#language-switch');

    await wallet.fill('#upgrade-otp-code', code);
    await wallet.click('#upgrade-otp-verify');
    await visibleStep('upgrade-terms');
    expect(await textOf('#upgrade-terms-version')).toBe('الإصدار 2026-01');
    expect(await textOf('#upgrade-terms-text')).toContain('التوقيع الإلكتروني');
    await screenshotBoth('upgrade-terms');
    await wallet.click('#upgrade-terms-accept');
    await idle();
    expect(await wallet.getAttribute('#error', 'data-code')).toBe('local');
    await wallet.check('#upgrade-terms-box');
    await wallet.click('#upgrade-terms-accept');
    await visibleStep('upgrade-key');
    await screenshotBoth('upgrade-key');
  }, 60_000);

  it('the PIN and a signing key made in the browser (non-extractable, not the device key): HIGH, and signing requests', async () => {
    await wallet.fill('#upgrade-pin', PIN);
    await wallet.click('#upgrade-key-create');
    await visibleStep('upgrade-done');
    expect(await textOf('#upgrade-done-assurance')).toBe('مرتفع');
    expect(await textOf('#upgrade-done-serial')).toBe(serial);
    expect(await textOf('#upgrade-done-certificate')).toMatch(/^[0-9A-F]{16,40}$/);
    await screenshotBoth('upgrade-done');

    expect((await (await services.identity()).identities.find(person.civil_number))?.assurance).toBe('high');
    const stored = await wallet.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('theqa-wallet', 1);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const read = (key: string) =>
        new Promise<{ assurance?: string; privateKey: CryptoKey; publicKey: CryptoKey; certificate: string }>((resolve, reject) => {
          const request = db.transaction('wallet', 'readonly').objectStore('wallet').get(key);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      const [device, signing] = [await read('device'), await read('signing-key')];
      const spki = async (key: CryptoKey) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.exportKey('spki', key))));
      const exported = await crypto.subtle.exportKey('pkcs8', signing.privateKey).then(
        () => 'exported',
        (error: Error) => error.name,
      );
      return { assurance: device.assurance, extractable: signing.privateKey.extractable, exported, same: (await spki(device.publicKey)) === (await spki(signing.publicKey)), certificate: signing.certificate };
    });
    expect(stored).toMatchObject({ assurance: 'high', extractable: false, exported: 'InvalidAccessError', same: false, certificate: expect.stringContaining('BEGIN CERTIFICATE') });

    await wallet.click('#upgrade-done-signing');
    await visibleStep('signing-list');
    expect(await wallet.isVisible('#signing-empty')).toBe(true);
    await wallet.click('#signing-list-back');
    await visibleStep('done');
    expect(await textOf('#done-assurance')).toBe('مرتفع');
    expect(await wallet.isVisible('#done-signing-key')).toBe(true);
    expect(await wallet.isVisible('#upgrade-offer')).toBe(false);
    await screenshotBoth('status-high');
    expect(pageErrors).toEqual([]);
    expect(fs.readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png')).length).toBe(20);
  }, 60_000);
});
