import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { validatePdf } from '@theqa/pades';
import { createDataSource } from '@theqa/persistence';
import { chromiumIsAvailable, freePort, launchChromium, pdfsigWithRoot, pemToDer, PlatformProcess, testPdf, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { checkPage, logInToPortal, Screenshots, seriousViolations, upgradeInPortal, walletSerial } from './portal-browser';

/**
 * "Sign a PDF" as a person does it: the platform as `npm start` runs it, headless Chromium as their
 * computer, the CLI wallet as their phone. A MEDIUM person is told why they cannot sign; once HIGH
 * through the portal's upgrade (`npx theqa wallet upgrade --qr … --pin …` scanning its code), a
 * password-protected PDF is refused in Arabic and English with the names kept; a PDF is uploaded, its
 * first page drawn by pdf.js on the review page, approved with `npx theqa wallet sign --pending --code
 * XXXX --pin P`, seen signed without a reload, downloaded, and accepted by poppler's pdfsig (the
 * platform's root in an NSS database) and the platform's validator. Without JavaScript the pages work
 * too, the waiting page reloading itself until the wallet's answer. axe-core on every page in both
 * languages; screenshots in test-artifacts/portal-sign/. Registry persons 60–69 are this suite's.
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;
const withPdfsig = toolIsAvailable('pdfsig') && toolIsAvailable('certutil');
const PASSWORD_PDF = path.join(__dirname, 'fixtures', 'password.pdf');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Ordinary registry persons 60–69 are this suite's (EnrolmentHarness.persons has who takes which).
const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const PIN = '583920';

/** A person with a CLI wallet of their own: `npx theqa wallet --home HOME …`. */
interface Phone {
  person: RegistryPerson;
  home: string;
  serial: string;
}

describeWithChromium('the portal: sign a PDF', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-portal-sign-'));
  const portalClientId = `portal-sign-${randomBytes(4).toString('hex')}`;
  let platform: PlatformProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let dataSource: DataSource;
  let someone: Phone;
  let browser: Browser;
  let computer: BrowserContext;
  let page: Page;
  let shots: Screenshots;
  let rootPem = '';
  const refusedByCsp: string[] = [];
  const scriptErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));
    p.on('pageerror', (error) => scriptErrors.push(`${p.url()}: ${error.message}`));
  };
  /** `npx theqa wallet --home HOME …` as a person types it: status and output. */
  const wallet = (phone: Phone, ...args: string[]) => theqaAsync(['wallet', '--home', phone.home, ...args], env);
  /** `npx theqa …` on the test's platform, --json, failing loudly. */
  const cli = async (...args: string[]) => {
    const result = await theqaAsync([...args, '--json'], env);
    if (result.status !== 0) throw new Error(`theqa ${args.join(' ')} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout);
  };
  const register = async (person: RegistryPerson): Promise<Phone> => {
    const home = path.join(dir, `phone-${person.civil_number}`);
    const registered = await wallet({ person, home, serial: '' }, 'register', '--civil-number', person.civil_number, '--email', 'person@example.com', '--phone', person.phone_number, '--pin', PIN);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    return { person, home, serial: walletSerial(home) };
  };
  const previewShown = (p: Page) => p.waitForSelector('#preview-figure[data-preview="shown"]', { timeout: 30_000 });
  const requestRows = async (): Promise<Array<{ id: string; relying_party: string; status: string }>> =>
    dataSource.query(`SELECT id, relying_party, status FROM signing_request WHERE civil_number = $1 ORDER BY created_at`, [someone.person.civil_number]);
  const uploadForm = async (p: Page, fields: { ar: string; en: string; reason: string }, file: { name: string; buffer: Buffer }) => {
    await p.fill('#name_ar', fields.ar);
    await p.fill('#name_en', fields.en);
    await p.fill('#reason', fields.reason);
    await p.setInputFiles('#document', { name: file.name, mimeType: 'application/pdf', buffer: file.buffer });
    await p.click('[data-testid="upload-form"] button[type="submit"]');
  };

  beforeAll(async () => {
    shots = new Screenshots('portal-sign');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Its own portal client id: each platform on the shared database needs its own.
    env = { ...process.env, PUBLIC_BASE_URL: base, THEQA_URL: base, THEQA_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', THEQA_SIGNING_MAX_MB: '1', THEQA_PORTAL_CLIENT_ID: portalClientId };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    rootPem = await (await fetch(`${base}/ca/certs/theqa-root-ca.pem`)).text();
    someone = await register(ordinary[60]);
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    page = await computer.newPage();
    watch(page);
    await logInToPortal(page, base, { home: someone.home, env, pin: PIN });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await dataSource?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('tells a MEDIUM person why they cannot sign, and offers no upload', async () => {
    await page.goto(`${base}/portal/sign`);
    expect(await page.getAttribute('[data-testid="cannot-sign"]', 'data-problem')).toBe('signer-not-high');
    expect(await page.textContent('[data-testid="cannot-sign"]')).toContain('التوقيع الإلكتروني المعتمد يتطلب هوية رقمية بالمستوى المرتفع');
    expect(await page.isVisible('[data-testid="upload-form"]')).toBe(false);
    await checkPage(page, shots, 'sign-medium', refusedByCsp);
  }, 60_000);

  describe('once the person is HIGH through the portal\'s upgrade, with a qualified signing certificate on their phone', () => {
    let uploaded: Buffer;
    let requestId = '';
    let code = '';

    beforeAll(async () => {
      // The upgrade as the person does it in this portal: their phone scans its code, and holds a
      // signing key and a qualified certificate from the Citizen Signing CA afterwards.
      const upgraded = await upgradeInPortal(page, base, { ...someone, env, pin: PIN });
      expect(upgraded).toMatchObject({ civil_number: someone.person.civil_number, assurance: 'high', signing_requests: true });
      expect(await page.getAttribute('[data-testid="assurance"]', 'data-level')).toBe('high');
      uploaded = await testPdf(2, 'Theqa portal signing test');
    }, 120_000);

    it('offers the upload form, and refuses a password-protected PDF in Arabic and English, keeping the names, creating nothing', async () => {
      await page.goto(`${base}/portal/sign`);
      expect(await page.isVisible('[data-testid="upload-form"]')).toBe(true);
      await checkPage(page, shots, 'sign-upload', refusedByCsp);
      const locked = { name: 'locked.pdf', buffer: fs.readFileSync(PASSWORD_PDF) };
      await uploadForm(page, { ar: 'عقد محمي', en: 'Protected contract', reason: 'Approval' }, locked);
      await page.waitForSelector('.error-summary');
      expect(await page.textContent('#document-error')).toBe('هذا المستند محمي بكلمة مرور. احفظ نسخة منه دون كلمة مرور ثم ارفعها.');
      expect(await page.inputValue('#name_ar')).toBe('عقد محمي');
      expect(await page.inputValue('#name_en')).toBe('Protected contract');
      expect(await page.inputValue('#reason')).toBe('Approval');
      expect(await page.getAttribute('#document', 'aria-invalid')).toBe('true');
      expect(await seriousViolations(page)).toEqual([]);
      await shots.take(page, 'sign-locked-pdf-ar');

      // In English: no name at all (the file not even sent to the service), then the locked file.
      await page.goto(`${base}/portal/sign?lang=en`);
      await uploadForm(page, { ar: '', en: '', reason: 'For the file' }, locked);
      await page.waitForSelector('.error-summary');
      expect(await page.textContent('#name_ar-error')).toBe('Give the document a name, in Arabic or in English or both.');
      expect(await page.inputValue('#reason')).toBe('For the file');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await seriousViolations(page)).toEqual([]);
      await shots.take(page, 'sign-no-name-en');
      await uploadForm(page, { ar: '', en: 'Protected contract', reason: 'For the file' }, locked);
      await page.waitForSelector('#document-error');
      expect(await page.textContent('#document-error')).toBe('This PDF is protected with a password. Save a copy without the password and upload that.');
      expect(await page.inputValue('#name_en')).toBe('Protected contract');
      expect(await seriousViolations(page)).toEqual([]);
      await shots.take(page, 'sign-locked-pdf-en');
      expect(await requestRows()).toEqual([]);
      await page.goto(`${base}/portal/sign?lang=ar`);
    }, 90_000);

    it('uploads a PDF and shows the review page: the facts the wallet shows, the code, the first page drawn by pdf.js', async () => {
      await page.goto(`${base}/portal/sign?lang=ar`);
      await uploadForm(page, { ar: 'عقد إيجار شقة', en: 'Flat tenancy contract', reason: 'Approval of the tenancy contract' }, { name: 'contract.pdf', buffer: uploaded });
      await page.waitForURL(/\/portal\/sign\/[A-Za-z0-9_-]{22}$/);
      requestId = new URL(page.url()).pathname.split('/').pop()!;
      await previewShown(page);

      expect(await page.getAttribute('[data-testid="status"]', 'data-status')).toBe('pending');
      code = (await page.textContent('[data-testid="code"]'))!.trim();
      expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}$/);
      expect(await page.textContent('[data-testid="sha256"]')).toBe(sha256(uploaded));
      expect(await page.textContent('[data-testid="pages"]')).toBe('٢');
      expect(await page.textContent('#preview-caption')).toBe('الصفحة الأولى من ٢');
      const ink = await page.evaluate(() => {
        const canvas = document.getElementById('preview') as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let dark = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 80 && data[i + 1] < 80 && data[i + 2] < 80) dark++;
        return { width: canvas.width, height: canvas.height, dark };
      });
      // A page drawn: A4's proportions, and text on it.
      expect(ink.width).toBeGreaterThan(300);
      expect(ink.height / ink.width).toBeCloseTo(842 / 595, 1);
      expect(ink.dark).toBeGreaterThan(200);
      // With script, the page refreshes its status in place: no reloading.
      expect(await page.$('meta[http-equiv="refresh"]')).toBeNull();
      // The link opens the PDF as uploaded.
      const opened = await computer.request.get(`${base}/portal/sign/${requestId}/document`);
      expect(opened.headers()['content-type']).toBe('application/pdf');
      expect(sha256(await opened.body())).toBe(sha256(uploaded));
      await checkPage(page, shots, 'sign-review', refusedByCsp, previewShown);

      // Made by the portal's own relying party for this person, audited as every signing request is.
      expect(await requestRows()).toEqual([{ id: requestId, relying_party: portalClientId, status: 'pending' }]);
      const audit = await dataSource.query(`SELECT action, actor FROM audit_log WHERE subject = $1 AND action = 'signing.requested' AND details LIKE $2`, [someone.person.civil_number, `%${requestId}%`]);
      expect(audit).toEqual([{ action: 'signing.requested', actor: `rp:${portalClientId}` }]);
      // The dashboard lists it among the pending requests, by the portal's name.
      await page.goto(`${base}/portal`);
      expect(await page.textContent('[data-testid="pending-signatures"]')).toContain('بوابة الخدمة الذاتية');
      await page.goto(`${base}/portal/sign/${requestId}`);
      await previewShown(page);
    }, 90_000);

    it('is approved with the wallet: the page says signed without a reload, and the downloaded file passes pdfsig and the validator', async () => {
      const listed = await wallet(someone, 'sign', '--pending', '--pin', PIN);
      expect(listed.stdout).toContain(`${code}  Self-service portal — بوابة الخدمة الذاتية`);
      const signed = await wallet(someone, 'sign', '--pending', '--code', code, '--pin', PIN, '--json');
      expect({ status: signed.status, output: `${signed.stdout}${signed.stderr}` }).toMatchObject({ status: 0 });
      await page.waitForSelector('[data-testid="status"][data-status="signed"]', { timeout: 30_000 });
      // Still the same document in the window: the status section changed in place, the drawing stayed.
      expect(await page.getAttribute('#preview-figure', 'data-preview')).toBe('shown');
      expect(await page.textContent('[data-testid="status"]')).toContain('موقّع');
      await checkPage(page, shots, 'sign-signed', refusedByCsp, previewShown);

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download"]')]);
      // Named after the document, in the page's language.
      expect(download.suggestedFilename()).toBe('عقد إيجار شقة-signed.pdf');
      const file = path.join(dir, 'portal-signed.pdf');
      await download.saveAs(file);
      const bytes = fs.readFileSync(file);
      expect(bytes.subarray(0, uploaded.length).equals(uploaded)).toBe(true);
      expect(sha256(bytes)).toBe(JSON.parse(signed.stdout).signed_sha256);

      const validation = await validatePdf(bytes, { trustAnchors: [pemToDer(rootPem)] });
      expect(validation.indication).toBe('TOTAL_PASSED');
      expect(validation.signatures).toHaveLength(1);
      expect(validation.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT', reason: 'Approval of the tenancy contract', revocation: { status: 'good' } });
      expect(validation.signatures[0].signer?.civilNumber).toBe(someone.person.civil_number);
      if (withPdfsig) {
        const report = await pdfsigWithRoot(file, rootPem, dir);
        expect(report.output).toContain('Signature Validation: Signature is Valid.');
        expect(report.output).toContain('Certificate Validation: Certificate is Trusted.');
        expect(report.output).toContain('Signature Type: ETSI.CAdES.detached');
      } else if (process.env.CI) {
        throw new Error('pdfsig and certutil are required under CI (apt-get install poppler-utils libnss3-tools)');
      }
      const audit = await dataSource.query(`SELECT actor FROM audit_log WHERE subject = $1 AND action = 'document.signed' AND details LIKE $2`, [someone.person.civil_number, `%${requestId}%`]);
      expect(audit).toEqual([{ actor: `device:${someone.serial}` }]);
      expect(scriptErrors).toEqual([]);
    }, 120_000);

    it('works without JavaScript: the upload, the review with a link to the PDF, and the waiting page reloading itself until the answer', async () => {
      const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      await plain.addCookies(await computer.cookies(base));
      const noScript = await plain.newPage();
      watch(noScript);
      await noScript.goto(`${base}/portal/sign?lang=en`);
      await uploadForm(noScript, { ar: '', en: 'Letter of intent', reason: '' }, { name: 'letter.pdf', buffer: await testPdf(1, 'Letter of intent') });
      await noScript.waitForURL(/\/portal\/sign\/[A-Za-z0-9_-]{22}/);
      const id = new URL(noScript.url()).pathname.split('/').pop()!;
      // Undrawn, the page says where the first page would be, and links the PDF itself.
      expect(await noScript.getAttribute('#preview-figure', 'data-preview')).toBe('waiting');
      expect(await noScript.getAttribute('[data-testid="open-document"]', 'href')).toBe(`/portal/sign/${id}/document`);
      const letterCode = (await noScript.textContent('[data-testid="code"]'))!.trim();
      await shots.take(noScript, 'sign-review-no-script-en');

      const declined = await wallet(someone, 'sign', '--pending', '--code', letterCode, '--pin', PIN, '--deny', '--json');
      expect(declined.status).toBe(0);
      let status: string | null | undefined;
      for (let i = 0; i < 40 && status !== 'declined'; i++) {
        await sleep(500);
        status = await noScript.getAttribute('[data-testid="status"]', 'data-status', { timeout: 1000 }).catch(() => undefined);
      }
      expect(status).toBe('declined');
      // It got there by reloading itself (the refresh's URL counts the rounds).
      expect(noScript.url()).toMatch(new RegExp(`/portal/sign/${id}\\?wait=\\d+$`));
      expect(await noScript.textContent('[data-testid="status"]')).toContain('You declined in the app');
      await shots.take(noScript, 'sign-declined-no-script-en');
      await plain.close();

      // The list shows both, newest first.
      await page.goto(`${base}/portal/sign?lang=en`);
      const rows = await page.$$eval('[data-testid="sign-requests"] tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent?.trim())));
      expect(rows.map((r) => [r[0], r[2]])).toEqual([
        ['Letter of intent', 'Declined'],
        ['Flat tenancy contract', 'Signed'],
      ]);
      await checkPage(page, shots, 'sign-list', refusedByCsp);
    }, 120_000);

    it("answers another person's request, and another relying party's, with the portal's 404", async () => {
      const notFound = async (context: BrowserContext, id: string, secret: string) => {
        for (const where of [`/portal/sign/${id}`, `/portal/sign/${id}/document`, `/portal/sign/${id}/signed`]) {
          const answer = await context.request.get(`${base}${where}`, { maxRedirects: 0 });
          expect({ where, status: answer.status() }).toEqual({ where, status: 404 });
          expect(await answer.text()).not.toContain(secret);
        }
      };
      // Another person, logged in to the portal on their own computer: this person's request is not found.
      const other = await register(ordinary[61]);
      const theirs = await browser.newContext({ viewport: { width: 1000, height: 900 } });
      await logInToPortal(await theirs.newPage(), base, { home: other.home, env, pin: PIN });
      await notFound(theirs, requestId, 'Flat tenancy contract');
      await theirs.close();

      // A request for this very person made by another relying party (through the signing API): not the portal's.
      const clientId = `sign-test-${randomBytes(5).toString('hex')}`;
      const registered = await cli('rp', 'register', '--client-id', clientId, '--name-ar', 'جهة توقيع', '--name-en', 'Signing party', '--redirect-uri', `http://127.0.0.1:9/${clientId}/callback`, '--claims', 'civil_number', '--purpose-ar', 'توقيع المستندات', '--purpose-en', 'Signing documents', '--auth', 'client_secret_basic');
      const form = new FormData();
      for (const [name, value] of Object.entries({ civil_number: someone.person.civil_number, document_name_ar: 'سري', document_name_en: 'Secret' })) form.set(name, value);
      form.set('document', new Blob([new Uint8Array(await testPdf())], { type: 'application/pdf' }), 'document.pdf');
      const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(registered.client_secret)}`).toString('base64')}`;
      const created = await fetch(`${base}/sign/requests`, { method: 'POST', headers: { authorization: basic }, body: form });
      expect(created.status).toBe(201);
      await notFound(computer, ((await created.json()) as { id: string }).id, 'Secret');
    }, 120_000);
  });
});
