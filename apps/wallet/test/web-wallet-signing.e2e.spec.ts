import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { decodeChallenge, encodeChallenge } from '@theqa/device-protocol';
import { validatePdf } from '@theqa/pades';
import { PostgresDeviceSigningKeys } from '@theqa/persistence';
import { chromiumIsAvailable, launchChromium, pdfsigWithRoot, pemToDer, toolIsAvailable, WORKSPACE_ROOT } from '@theqa/testing';
import { SigningHarness, type SigningRelyingParty } from './signing-harness';

/**
 * Issue 12's citizen side in the web wallet, driven as a person would: the platform as `npm start`
 * runs it (SigningHarness), a person registered in headless Chromium, given a signing key made in the
 * browser (the key store's addSigningKey, run in the page; the test stands in for the portal's
 * upgrade: it issues the qualified certificate with `theqa ca issue` and sets HIGH), a relying party's
 * requests (client_secret_basic) listed, opened (the first page drawn by pdf.js, the wallet's own
 * code), a wrong PIN, signed, declined, expired, and three wrong PINs that block. Screenshots in Arabic
 * and English go to test-artifacts/web-wallet-signing/ (or $THEQA_TEST_ARTIFACTS/web-wallet-signing/).
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;
const withPdfsig = toolIsAvailable('pdfsig') && toolIsAvailable('certutil');
const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'web-wallet-signing');
const PIN = '583920';
const WRONG_PIN = '905173';
const FIELDS = { document_name_ar: 'عقد إيجار شقة', document_name_en: 'Flat tenancy contract', reason: 'Approval of the tenancy contract' };

describeWithChromium('web wallet: signing requests of a relying party', () => {
  const harness = new SigningHarness();
  // The signing suites' person (EnrolmentHarness.persons: the web wallet's signing suite has 23).
  const person = harness.person(23);
  let browser: Browser;
  let wallet: Page;
  let rp: SigningRelyingParty;
  let rootPem = '';
  let signingCertificate = '';
  /** Script errors in the page (uncaught, or logged as errors other than the refusals provoked). */
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

  const smsCode = async (since: Date, purpose = 'enrolment-otp') => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const res = await fetch(`${harness.base}/dev/sms?phone=${encodeURIComponent(person.phone_number)}`, { headers: { accept: 'application/json' } });
      const { messages } = (await res.json()) as { messages: Array<{ purpose: string; text: string; sentAt: string }> };
      const code = /\b(\d{6})\b/.exec(messages.filter((m) => m.purpose === purpose && new Date(m.sentAt) >= since).at(-1)?.text ?? '')?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no ${purpose} code arrived for ${person.phone_number}`);
  };

  const request = async (fields: Record<string, string> = FIELDS) => {
    const created = await harness.createRequest(rp, { ...fields, civil_number: person.civil_number }, await contractPdf());
    expect(created.status).toBe(201);
    return created.body as { id: string; code: string; expires_at: string };
  };
  const openList = async () => {
    await wallet.goto(`${harness.base}/wallet/`);
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep('done');
    await wallet.click('#signing-open');
    await visibleStep('signing-list');
  };
  /** Opens one request from the list and waits for its first page to be drawn. */
  const openRequest = async (id: string) => {
    await wallet.click(`#signing-requests button[data-id="${id}"]`);
    await visibleStep('signing');
    await wallet.waitForSelector('#signing-figure[data-preview="shown"]', { timeout: 30_000 });
    await idle();
  };
  const answerWith = async (pin: string) => {
    await wallet.fill('#signing-pin', pin);
    await wallet.click('#signing-sign');
    await idle();
  };

  beforeAll(async () => {
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await harness.open();
    rootPem = await harness.text('/ca/certs/theqa-root-ca.pem');
    rp = await harness.registerRelyingParty('client_secret_basic');
    browser = await launchChromium();
    const phone = await browser.newContext({ viewport: { width: 820, height: 1000 } });
    wallet = await phone.newPage();
    wallet.on('pageerror', (error) => pageErrors.push(error.message));
    wallet.on('console', (message) => {
      // Refusals the test provokes (403, 410, 423) show as failed loads; anything else is an error.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await harness.close();
  });

  it('registers the person in the web wallet (MEDIUM)', async () => {
    await wallet.goto(`${harness.base}/wallet/`);
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
    await wallet.fill('#otp-code', await smsCode(sentAfter));
    await wallet.click('#otp-verify');
    await visibleStep('pin');
    await wallet.fill('#pin-first', PIN);
    await wallet.fill('#pin-second', PIN);
    await wallet.click('#pin-set');
    await visibleStep('device-key');
    await wallet.click('#key-create');
    await visibleStep('done');
    expect(await textOf('#done-civil-number')).toBe(person.civil_number);
    expect(await textOf('#done-assurance')).toBe('متوسط');
    expect(await wallet.isVisible('#done-signing-key')).toBe(false);

    // Not HIGH yet: a relying party's request for this person is refused at once.
    const refused = await harness.createRequest(rp, { ...FIELDS, civil_number: person.civil_number }, await contractPdf());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('signer-not-high');
  }, 90_000);

  it("gets a signing key made in the browser (non-extractable, not the device key) and a qualified certificate for it; the wallet shows HIGH", async () => {
    // The page's own key store module, run in the page: its addSigningKey makes the key, proves
    // possession with a CSR and hands that to the certifier, here the test standing in for the
    // portal's upgrade (`theqa ca issue --profile qualified-signing`, the key recorded, HIGH).
    await wallet.exposeFunction('theqaTestCertify', async (csr: { csr: string; spki: string; device: string; civilNumber: string }) => {
      const csrFile = path.join(harness.dir, `${csr.device}-signing.csr`);
      fs.writeFileSync(csrFile, csr.csr);
      const issued = await harness.cli('ca', 'issue', '--profile', 'qualified-signing', '--csr', csrFile, '--civil-number', csr.civilNumber);
      await new PostgresDeviceSigningKeys(harness.dataSource).record(
        { device: csr.device, publicKeySpki: Buffer.from(csr.spki, 'base64url'), certificateSerial: issued.serial, certificate: pemToDer(issued.pem) },
        new Date(),
      );
      await harness.dataSource.query(`UPDATE identity SET assurance = 'high' WHERE civil_number = $1`, [csr.civilNumber]);
      signingCertificate = issued.pem;
      return { certificate: issued.pem, chain: [await harness.text('/ca/certs/citizen-signing-ca.pem'), rootPem] };
    });
    await wallet.evaluate(await keyStoreModule());
    const made = await wallet.evaluate(async () => {
      const keyStore = (window as unknown as { theqaKeyStore: typeof import('../src/web/key-store') }).theqaKeyStore;
      const certify = (window as unknown as { theqaTestCertify: Parameters<typeof keyStore.addSigningKey>[0] }).theqaTestCertify;
      const signing = await keyStore.addSigningKey(certify);
      const device = (await keyStore.loadWallet())!;
      const spki = async (key: CryptoKey) => btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.exportKey('spki', key))));
      const exported = await crypto.subtle.exportKey('pkcs8', signing.privateKey).then(
        () => 'exported',
        (error: Error) => error.name,
      );
      return { extractable: signing.privateKey.extractable, exported, signingSpki: await spki(signing.publicKey), deviceSpki: await spki(device.publicKey), assurance: device.assurance };
    });
    expect(made.extractable).toBe(false);
    expect(made.exported).toBe('InvalidAccessError');
    expect(made.signingSpki).not.toBe(made.deviceSpki);
    expect(made.assurance).toBe('high');
    expect(signingCertificate).toContain('BEGIN CERTIFICATE');

    await wallet.reload();
    await wallet.waitForSelector('body[data-ready="true"]');
    await visibleStep('done');
    expect(await textOf('#done-assurance')).toBe('مرتفع');
    expect(await wallet.isVisible('#done-signing-key')).toBe(true);
    await screenshotBoth('wallet-high');
  }, 90_000);

  it('lists the request (empty before); the detail draws the first page and shows the code the relying party got; a wrong PIN leaves attempts; the right PIN signs; the relying party downloads a valid PAdES file', async () => {
    await openList();
    expect(await wallet.isVisible('#signing-empty')).toBe(true);
    expect(await textOf('#signing-empty')).toBe('لا توجد طلبات توقيع بانتظارك.');
    await screenshotBoth('signing-list-empty');

    const { id, code } = await request();
    await wallet.click('#signing-refresh');
    await wallet.waitForSelector(`#signing-requests button[data-id="${id}"]`);
    expect(await wallet.isVisible('#signing-empty')).toBe(false);
    const item = `#signing-requests button[data-id="${id}"]`;
    expect(await wallet.getAttribute(item, 'data-code')).toBe(code);
    expect(await textOf(`${item} .code`)).toBe(code);
    expect(await textOf(`${item} .document-name`)).toBe('عقد إيجار شقة');
    expect(await textOf(`${item} .rp`)).toBe(`من ${rp.name.ar}`);
    await screenshotBoth('signing-list');
    await wallet.click('#language-switch');
    expect(await textOf(`${item} .document-name`)).toBe('Flat tenancy contract');
    expect(await textOf(`${item} .rp`)).toBe(`From ${rp.name.en}`);
    await wallet.click('#language-switch');

    await openRequest(id);
    // Read from the top: the code and the document come before the PIN field (focused, not scrolled to).
    expect(await wallet.evaluate(() => window.scrollY)).toBe(0);
    expect(await wallet.evaluate(() => document.activeElement?.id)).toBe('signing-pin');
    expect(await textOf('#signing-code')).toBe(code);
    expect(await textOf('#signing-document')).toBe('عقد إيجار شقة');
    expect(await textOf('#signing-rp')).toBe(rp.name.ar);
    expect(await textOf('#signing-reason')).toBe('Approval of the tenancy contract');
    expect(await textOf('#signing-pages')).toBe('٢');
    expect(await textOf('#signing-preview-caption')).toBe('الصفحة الأولى من ٢');
    const drawn = await canvasInk(wallet);
    expect(drawn.width).toBeGreaterThan(300);
    // The page is mostly white paper with dark text and the coloured heading band: far from blank.
    expect(drawn.inked).toBeGreaterThan(0.01);
    expect(drawn.dark).toBeGreaterThan(0.001);
    await screenshotBoth('signing-detail');

    // A wrong PIN: one of the three tries; the request stays open with a fresh challenge.
    await answerWith(WRONG_PIN);
    await wallet.waitForSelector('#error[data-code="pin-wrong"]:not([hidden])');
    expect(await wallet.isVisible('section[data-step="signing"]')).toBe(true);
    expect(await textOf('#error-title')).toBe('الرقم السري غير صحيح');
    expect(await textOf('#error-attempts')).toBe('المحاولات المتبقية: 2');
    await screenshotBoth('signing-wrong-pin');
    expect((await harness.status(rp, id)).body.status).toBe('pending');

    await answerWith(PIN);
    await visibleStep('signing-result');
    expect(await wallet.getAttribute('#step-signing-result', 'data-outcome')).toBe('signed');
    expect(await textOf('#signing-result-title')).toBe('تم توقيع المستند');
    expect(await textOf('#signing-result-text')).toBe(`وقّعت «عقد إيجار شقة» لصالح ${rp.name.ar}. ستتسلم الجهة المستند الموقّع.`);
    await screenshotBoth('signing-signed');
    await wallet.click('#language-switch');
    expect(await textOf('#signing-result-title')).toBe('Document signed');
    await wallet.click('#language-switch');

    const status = await harness.status(rp, id);
    expect(status.body.status).toBe('signed');
    const download = await harness.download(rp, id);
    expect(download.status).toBe(200);
    const report = await validatePdf(download.bytes, { trustAnchors: [pemToDer(rootPem)] });
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures[0]).toMatchObject({ kind: 'signature', indication: 'TOTAL_PASSED', level: 'B-LT' });
    // Signed by the signing key: its qualified certificate is the signer's.
    expect(report.signatures[0].signer?.sha256).toBe(createHash('sha256').update(pemToDer(signingCertificate)).digest('hex'));
    expect(report.signatures[0].signer?.civilNumber).toBe(person.civil_number);
    if (withPdfsig) {
      const file = path.join(harness.dir, `${id}.pdf`);
      fs.writeFileSync(file, download.bytes);
      const pdfsig = await pdfsigWithRoot(file, rootPem, harness.dir);
      expect(pdfsig.output).toContain('Signature Validation: Signature is Valid.');
      expect(pdfsig.output).toContain('Certificate Validation: Certificate is Trusted.');
    }

    // Signed: no longer listed.
    await wallet.click('#signing-result-list');
    await visibleStep('signing-list');
    expect(await wallet.$(`#signing-requests button[data-id="${id}"]`)).toBeNull();
  }, 120_000);

  it('Decline: the request is declined, for the wallet and the relying party', async () => {
    const { id } = await request({ ...FIELDS, document_name_ar: 'إقرار', document_name_en: 'Declaration' });
    await openList();
    await openRequest(id);
    await wallet.click('#signing-decline');
    await visibleStep('signing-result');
    expect(await wallet.getAttribute('#step-signing-result', 'data-outcome')).toBe('declined');
    expect(await textOf('#signing-result-title')).toBe('رُفض التوقيع');
    expect(await textOf('#signing-result-text')).toContain('رفضت توقيع «إقرار»');
    await screenshotBoth('signing-declined');
    expect((await harness.status(rp, id)).body).toMatchObject({ status: 'declined' });
    expect((await harness.download(rp, id)).status).toBe(409);
  }, 90_000);

  it('a request whose code is not the code of what it asks to sign is not shown (the list says so)', async () => {
    const { id, code } = await request({ ...FIELDS, document_name_ar: 'إيصال', document_name_en: 'Receipt' });
    await openList();
    await wallet.waitForSelector(`#signing-requests button[data-id="${id}"]`);
    expect(await wallet.isVisible('#signing-refused')).toBe(false);
    // Someone between the platform and the wallet changes the code the request names (in its challenge
    // and in the list): the wallet computes the code of the signed attributes itself, and refuses it.
    const forged = code.startsWith('A') ? `C${code.slice(1)}` : `A${code.slice(1)}`;
    const listRead = (url: URL) => /^\/sign\/devices\/[^/]+\/requests$/.test(url.pathname);
    await wallet.route(listRead, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { requests: Array<{ id: string; code: string; challenge: string }> };
      for (const listed of body.requests.filter((r) => r.id === id)) {
        const challenge = decodeChallenge(listed.challenge);
        listed.challenge = encodeChallenge({ ...challenge, signing: { ...challenge.signing!, code: forged } }).payload;
        listed.code = forged;
      }
      await route.fulfill({ response, json: body });
    });
    try {
      await wallet.click('#signing-refresh');
      await wallet.waitForSelector('#signing-refused:not([hidden])');
      await idle();
      expect(await wallet.$(`#signing-requests button[data-id="${id}"]`)).toBeNull();
      expect(await textOf('#signing-refused')).toBe('لم تُعرض طلبات عددها 1 لأن رمزها لا يطابق ما تطلب توقيعه.');
    } finally {
      await wallet.unroute(listRead);
    }
    // Untouched, it is listed again (and declined, to leave the list as it was).
    await wallet.click('#signing-refresh');
    await wallet.waitForSelector(`#signing-requests button[data-id="${id}"]`);
    await openRequest(id);
    await wallet.click('#signing-decline');
    await visibleStep('signing-result');
    expect((await harness.status(rp, id)).body.status).toBe('declined');
  }, 90_000);

  it('a request that expires while it is open: the right PIN gets "expired", and nothing is signed', async () => {
    const { id } = await request({ ...FIELDS, document_name_ar: 'تفويض', document_name_en: 'Power of attorney' });
    await openList();
    await openRequest(id);
    await harness.dataSource.query(`UPDATE signing_request SET expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
    await answerWith(PIN);
    await visibleStep('signing-result');
    expect(await wallet.getAttribute('#step-signing-result', 'data-outcome')).toBe('expired');
    expect(await textOf('#signing-result-title')).toBe('انتهت صلاحية الطلب');
    await screenshotBoth('signing-expired');
    expect((await harness.status(rp, id)).body.status).not.toBe('signed');
  }, 90_000);

  it('three wrong PINs block: attempts left 2, 1, then "PIN blocked"; the relying party can ask no more', async () => {
    const { id } = await request({ ...FIELDS, document_name_ar: 'عقد عمل', document_name_en: 'Employment contract' });
    await openList();
    await openRequest(id);
    const attempts: string[] = [];
    for (let i = 0; i < 2; i++) {
      await answerWith(WRONG_PIN);
      await wallet.waitForSelector('#error[data-code="pin-wrong"]:not([hidden])');
      attempts.push(await textOf('#error-attempts'));
    }
    expect(attempts).toEqual(['المحاولات المتبقية: 2', 'المحاولات المتبقية: 1']);
    await answerWith(WRONG_PIN);
    await visibleStep('signing-result');
    expect(await wallet.getAttribute('#step-signing-result', 'data-outcome')).toBe('blocked');
    expect(await textOf('#signing-result-title')).toBe('الرقم السري محظور');
    expect(await wallet.getAttribute('#error', 'data-code')).toBe('pin-blocked');
    await screenshotBoth('signing-blocked');
    expect((await harness.status(rp, id)).body.status).toBe('pending');
    const refused = await harness.createRequest(rp, { ...FIELDS, civil_number: person.civil_number }, await contractPdf());
    expect(refused.status).toBe(423);
  }, 90_000);

  it('a PIN reset in the wallet (from the refusal\'s own button: face, SMS code, new PIN) lifts the block, and the signing key, which the reset leaves, signs with the new PIN', async () => {
    const NEW_PIN = '718264';
    await wallet.click('#error-reset');
    await visibleStep('reset-face');
    await wallet.click('#reset-face-take');
    await wallet.waitForSelector('#reset-face-figure:not([hidden])');
    const sentAfter = new Date(Date.now() - 1000);
    await wallet.click('#reset-face-send');
    await visibleStep('reset-otp');
    await wallet.fill('#reset-otp-code', await smsCode(sentAfter, 'pin-reset-otp'));
    await wallet.click('#reset-otp-verify');
    await visibleStep('reset-pin');
    await wallet.fill('#reset-pin-first', NEW_PIN);
    await wallet.fill('#reset-pin-second', NEW_PIN);
    await wallet.click('#reset-pin-set');
    await visibleStep('reset-done');

    const { id } = await request({ ...FIELDS, document_name_ar: 'عقد بعد إعادة التعيين', document_name_en: 'Contract after the reset' });
    await openList();
    await openRequest(id);
    await answerWith(NEW_PIN);
    await visibleStep('signing-result');
    expect(await wallet.getAttribute('#step-signing-result', 'data-outcome')).toBe('signed');
    const download = await harness.download(rp, id);
    expect(download.status).toBe(200);
    const report = await validatePdf(download.bytes, { trustAnchors: [pemToDer(rootPem)] });
    expect(report.indication).toBe('TOTAL_PASSED');
  }, 90_000);

  it('no script error in the page all along (pdf.js under the CSP included)', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** The key store module (src/web/key-store.ts) bundled for the page as `theqaKeyStore`: the wallet's own code, not a copy. */
async function keyStoreModule(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, '../src/web/key-store.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'theqaKeyStore',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return `${result.outputFiles[0].text}; window.theqaKeyStore = theqaKeyStore; undefined`;
}

/** A two-page contract made by pdf-lib: a coloured heading band, a title and lines of text. */
async function contractPdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  for (let number = 1; number <= 2; number++) {
    const page = document.addPage([595, 842]);
    page.drawRectangle({ x: 0, y: 762, width: 595, height: 80, color: rgb(0.04, 0.43, 0.31) });
    page.drawText('Flat tenancy contract', { x: 56, y: 790, size: 26, font: bold, color: rgb(1, 1, 1) });
    for (let line = 0; line < 24; line++) {
      page.drawText(`Clause ${line + 1}. The tenant and the landlord agree to the terms of page ${number}.`, { x: 56, y: 700 - line * 24, size: 12, font });
    }
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/** How much of the canvas is painted: the share of non-white pixels, and of dark ones (text). */
function canvasInk(page: Page): Promise<{ width: number; height: number; inked: number; dark: number }> {
  return page.evaluate(() => {
    const canvas = document.getElementById('signing-preview') as HTMLCanvasElement;
    const { width, height } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
    let inked = 0;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && (r < 235 || g < 235 || b < 235)) inked++;
      if (a > 0 && r < 80 && g < 80 && b < 80) dark++;
    }
    const pixels = Math.max(1, width * height);
    return { width, height, inked: inked / pixels, dark: dark / pixels };
  });
}
