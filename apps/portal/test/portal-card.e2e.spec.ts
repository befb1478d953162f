import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { validatePdf } from '@theqa/pades';
import { createDataSource } from '@theqa/persistence';
import {
  chromiumIsAvailable,
  freePort,
  installWebEidStandIn,
  launchChromium,
  pdfsigWithRoot,
  pemToDer,
  PlatformProcess,
  softHsmIsAvailable,
  testCardReader,
  testPdf,
  toolIsAvailable,
  type TestCard,
  type TestCardReader,
} from '@theqa/testing';
import { checkPage, Screenshots, seriousViolations } from './portal-browser';

/**
 * The ID card in the portal (issue 15), as a card holder does it: the platform as `npm start` runs it,
 * headless Chromium with the stand-in Web eID extension as their computer, a SoftHSM card personalised
 * by `npx theqa card personalise` in its reader. "Log in with the ID card" goes through the gateway's
 * card choice (PIN1) to a session without a device — the holder never enrolled in THEQA; then a PDF is
 * signed with the card (PIN2), downloaded, and accepted by pdfsig and the platform's validator. A wrong
 * PIN2 signs nothing and says so; another person's card in the reader is refused. axe-core on every
 * page in both languages; screenshots in test-artifacts/portal-card/.
 *
 * The acceptance's journey: the same holder first logs in at the demo relying party (Naql) with the card.
 *
 * Registry persons: ordinary 161 (the holder, card label PORTAL-161); ordinary 162 only as "another
 * person's card" (PORTAL-162: a card personalised, nothing else of them used).
 */
const describeWithCard = chromiumIsAvailable() && softHsmIsAvailable() ? describe : describe.skip;
const withPdfsig = toolIsAvailable('pdfsig') && toolIsAvailable('certutil');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const HOLDER = ordinary[161];
const SOMEONE_ELSE = ordinary[162];

describeWithCard('the portal with the ID card', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-portal-card-'));
  let platform: PlatformProcess;
  let base = '';
  let demoRp = '';
  let env: NodeJS.ProcessEnv;
  let dataSource: DataSource;
  let reader: TestCardReader;
  let card: TestCard;
  let browser: Browser;
  let computer: BrowserContext;
  let page: Page;
  let shots: Screenshots;
  let rootPem = '';
  let pin2 = '';
  const refusedByCsp: string[] = [];
  const scriptErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${p.url()}: ${message.text()}`));
    p.on('pageerror', (error) => scriptErrors.push(`${p.url()}: ${error.message}`));
  };
  const previewShown = (p: Page) => p.waitForSelector('#preview-figure[data-preview="shown"]', { timeout: 30_000 });
  const uploadForCard = async (p: Page, name: string, pdf: Buffer): Promise<string> => {
    await p.goto(`${base}/portal/sign/card?lang=ar`);
    await p.fill('#name_ar', name);
    await p.fill('#name_en', name);
    await p.fill('#reason', 'Approval');
    await p.setInputFiles('#document', { name: 'document.pdf', mimeType: 'application/pdf', buffer: pdf });
    await p.click('[data-testid="upload-form"] button[type="submit"]');
    await p.waitForURL(/\/portal\/sign\/card\/[A-Za-z0-9_-]{22}$/);
    return new URL(p.url()).pathname.split('/').pop()!;
  };
  const row = async (id: string) => (await dataSource.query(`SELECT status, certificate_serial, signed_pdf IS NOT NULL AS has_signed FROM card_signature WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    shots = new Screenshots('portal-card');
    const [port, rpPort] = await Promise.all([freePort(), freePort()]);
    base = `http://127.0.0.1:${port}`;
    demoRp = `http://127.0.0.1:${rpPort}`;
    env = {
      ...process.env,
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'warn',
      THEQA_SIGNING_MAX_MB: '1',
      // First-party clients of their own: the suites share one database, and a client's redirect URIs are its platform's origin.
      THEQA_PORTAL_CLIENT_ID: `portal-card-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-card-${port}`,
    };
    // The demo relying party (Naql) too, on its own origin, as `npm start` runs it.
    platform = new PlatformProcess(port, { ...env, THEQA_DEMO_RP: 'on', DEMO_RP_PORT: String(rpPort), DEMO_RP_CLIENT_ID: `naql-card-${rpPort}` });
    await platform.start();
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
    rootPem = await (await fetch(`${base}/ca/certs/theqa-root-ca.pem`)).text();
    reader = testCardReader();
    card = await reader.personalise({ civilNumber: HOLDER.civil_number, label: 'PORTAL-161' }, env);
    await reader.personalise({ civilNumber: SOMEONE_ELSE.civil_number, label: 'PORTAL-162' }, env);
    pin2 = card.pin2;
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    await installWebEidStandIn(computer, { reader, card: 'PORTAL-161', pin1: card.pin1, pin2: () => pin2, env });
    page = await computer.newPage();
    watch(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await dataSource?.destroy();
    reader?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the acceptance, first half: the card holder logs in at the demo RP with the ID card; it receives acr high and exactly the consented claims', async () => {
    await page.goto(`${demoRp}/`);
    await page.check('#high');
    await page.click('form[action="/login"] button[type=submit]');
    await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await page.click('[data-card-start]');
    await page.waitForSelector('[data-testid=consent-attributes]', { timeout: 60_000 });
    const consented = [...(await page.content()).matchAll(/data-claim="([a-z_]+)"/g)].map((m) => m[1]).sort();
    expect(consented.length).toBeGreaterThan(0);
    await page.click('button[value=agree]');
    await page.waitForURL(`${demoRp}/callback**`, { timeout: 30_000 });
    const body = (await page.textContent('body')) ?? '';
    expect(body).toContain('urn:theqa:loa:high');
    expect(body).toContain(HOLDER.full_name_en);
    const released = [...(await page.content()).matchAll(/<tr><td><code>([a-z_]+)<\/code><\/td>/g)].map((m) => m[1]).sort();
    expect(released).toEqual(consented);
    await shots.take(page, 'demo-rp-logged-in');
  }, 180_000);

  it("the console does not take a card login (its sessions belong to a device): a clear page, not a failure", async () => {
    const other = await computer.newPage();
    watch(other);
    await other.goto(`${base}/admin/login?lang=en`);
    await other.click('[data-testid="login-app"] button[type="submit"]');
    await other.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
    await other.click('[data-card-start]');
    await other.waitForURL((url) => url.pathname.endsWith('/consent') || url.pathname.startsWith('/admin/'), { timeout: 60_000 });
    if (other.url().endsWith('/consent')) await other.click('button[name="decision"][value="agree"]');
    await other.waitForSelector('[data-testid="login-message"]', { timeout: 30_000 });
    expect(await other.getAttribute('[data-testid="login-message"]', 'data-message')).toBe('app-required');
    expect(await other.textContent('[data-testid="login-message"]')).toContain('THEQA app');
    await shots.take(other, 'admin-card-refused-en');
    await other.close();
  }, 180_000);

  it('logs in with the ID card: the gateway leads with the card, PIN1, and a session without a device for a holder never enrolled', async () => {
    expect(await dataSource.query(`SELECT 1 FROM identity WHERE civil_number = $1`, [HOLDER.civil_number])).toEqual([]);
    await page.goto(`${base}/portal/login`);
    await checkPage(page, shots, 'login', refusedByCsp);
    await page.click('[data-testid="login-card"] button[type="submit"]');
    await page.waitForURL((url) => url.pathname.startsWith('/login/') && url.hash === '#card');
    // The card's choice is the one asked for, and shown first.
    expect(await page.evaluate(() => document.querySelector('#card')?.matches(':target'))).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('#card')!).order)).toBe('-1');
    await page.waitForSelector('[data-card-start]:not([hidden])');
    expect(await seriousViolations(page)).toEqual([]);
    await shots.take(page, 'gateway-card-first');
    await page.click('[data-card-start]');
    await page.waitForURL((url) => url.pathname.endsWith('/consent') || url.href === `${base}/portal`, { timeout: 60_000 });
    if (page.url().endsWith('/consent')) await page.click('button[name="decision"][value="agree"]');
    await page.waitForURL(`${base}/portal`, { timeout: 30_000 });

    expect(await page.getAttribute('[data-testid="logged-in-with"]', 'data-method')).toBe('card');
    expect(await page.isVisible('[data-testid="no-digital-identity"]')).toBe(true);
    expect(await page.textContent('[data-testid="civil-number"]')).toBe(HOLDER.civil_number);
    expect(await page.textContent('[data-testid="certificates"]')).toContain(card.signingSerial.toUpperCase());
    await checkPage(page, shots, 'card-dashboard', refusedByCsp);
    // Its sections: none about a digital identity the holder has not (upgrade, devices, PIN).
    const sections = await page.locator('nav.sections a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(sections).toEqual(expect.arrayContaining(['/portal', '/portal/consents', '/portal/activity']));
    for (const identityOnly of ['/portal/upgrade', '/portal/devices', '/portal/pin']) expect(sections).not.toContain(identityOnly);
    const sessions = await dataSource.query(`SELECT device, acr FROM portal_session WHERE civil_number = $1 AND created_at > now() - interval '3 minutes'`, [HOLDER.civil_number]);
    expect(sessions).toEqual([{ device: null, acr: 'high' }]);
    const logins = await dataSource.query(`SELECT actor FROM audit_log WHERE subject = $1 AND action = 'login.card'`, [HOLDER.civil_number]);
    expect(logins).toContainEqual({ actor: `card:${card.authenticationSerial.toUpperCase()}` });
  }, 180_000);

  let signedId = '';

  it('signs a PDF with the card: upload, review, the card and PIN2, download; pdfsig and the validator accept it', async () => {
    const pdf = await testPdf(2, 'Theqa card signing test');
    await page.goto(`${base}/portal/sign/card`);
    await checkPage(page, shots, 'card-sign-upload', refusedByCsp);
    signedId = await uploadForCard(page, 'عقد بالبطاقة', pdf);
    await previewShown(page);
    expect(await page.textContent('[data-testid="sha256"]')).toBe(sha256(pdf));
    await page.waitForSelector('[data-card-start]:not([hidden])');
    await checkPage(page, shots, 'card-sign-review', refusedByCsp, async (p) => {
      await previewShown(p);
      await p.waitForSelector('[data-card-start]:not([hidden])');
    });
    await page.click('[data-card-start]');
    await page.waitForSelector('[data-testid="status"][data-status="signed"]', { timeout: 90_000 });
    await checkPage(page, shots, 'card-sign-signed', refusedByCsp);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download"]')]);
    const file = path.join(dir, 'card-signed.pdf');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, pdf.length).equals(pdf)).toBe(true);
    const validation = await validatePdf(bytes, { trustAnchors: [pemToDer(rootPem)] });
    expect(validation.indication).toBe('TOTAL_PASSED');
    expect(validation.signatures).toHaveLength(1);
    expect(validation.signatures[0]).toMatchObject({ indication: 'TOTAL_PASSED', level: 'B-LT', reason: 'Approval', revocation: { status: 'good' } });
    expect(validation.signatures[0].signer?.civilNumber).toBe(HOLDER.civil_number);
    if (withPdfsig) {
      const report = await pdfsigWithRoot(file, rootPem, dir);
      expect(report.output).toContain('Signature Validation: Signature is Valid.');
      expect(report.output).toContain('Certificate Validation: Certificate is Trusted.');
    } else if (process.env.CI) {
      throw new Error('pdfsig and certutil are required under CI (apt-get install poppler-utils libnss3-tools)');
    }
    expect(await row(signedId)).toEqual({ status: 'signed', certificate_serial: card.signingSerial.toUpperCase(), has_signed: true });
    const audit: Array<{ details: string | Record<string, unknown> }> = await dataSource.query(`SELECT details FROM audit_log WHERE subject = $1 AND action = 'card.signature'`, [HOLDER.civil_number]);
    const signed = audit.map((a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details)).filter((d) => d.upload === signedId);
    expect(signed).toEqual([expect.objectContaining({ outcome: 'signed', certificate: card.signingSerial.toUpperCase(), signed_sha256: sha256(bytes) })]);
    expect(scriptErrors).toEqual([]);
  }, 240_000);

  let pendingId = '';

  it('signs nothing with a wrong PIN2, and says so', async () => {
    pendingId = await uploadForCard(page, 'رقم سري خاطئ', await testPdf(1, 'Wrong PIN2'));
    pin2 = '000000';
    try {
      await page.waitForSelector('[data-card-start]:not([hidden])');
      await page.click('[data-card-start]');
      await page.waitForSelector('[data-testid="card-failure"]:not([hidden])', { timeout: 60_000 });
      expect(await page.textContent('[data-testid="card-failure"]')).toContain('رفضت البطاقة التوقيع، ولم يُوقَّع شيء.');
      expect(await seriousViolations(page)).toEqual([]);
      await shots.take(page, 'card-sign-wrong-pin2-ar');
    } finally {
      pin2 = card.pin2;
    }
    expect(await row(pendingId)).toMatchObject({ status: 'prepared', has_signed: false });
    expect(await page.getAttribute('[data-testid="status"]', 'data-status')).toBe('uploaded');
  }, 120_000);

  it("refuses another person's card in the reader: a page in Arabic and English, nothing signed", async () => {
    const elsewhere = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await installWebEidStandIn(elsewhere, { reader, card: 'PORTAL-162', pin1: card.pin1, pin2: card.pin2, env });
    await elsewhere.addCookies(await computer.cookies(base));
    const other = await elsewhere.newPage();
    watch(other);
    await other.goto(`${base}/portal/sign/card/${pendingId}`);
    await other.waitForSelector('[data-card-start]:not([hidden])');
    await other.click('[data-card-start]');
    await other.waitForURL(new RegExp(`/portal/sign/card/${pendingId}/refused/certificate-holder-mismatch$`), { timeout: 60_000 });
    expect(await other.textContent('[data-testid="card-refusal"]')).toContain('البطاقة في القارئ ليست بطاقتك');
    await checkPage(other, shots, 'card-sign-other-person', refusedByCsp);
    await other.goto(`${base}/portal/sign/card/${pendingId}/refused/certificate-holder-mismatch?lang=en`);
    expect(await other.textContent('[data-testid="card-refusal"]')).toContain('The card in the reader is not yours');
    await elsewhere.close();
    expect(await row(pendingId)).toMatchObject({ status: 'prepared', has_signed: false });
    const refused = await dataSource.query(`SELECT details FROM audit_log WHERE subject = $1 AND action = 'card.signature' AND details LIKE '%certificate-holder-mismatch%' AND details LIKE $2`, [HOLDER.civil_number, `%${pendingId}%`]);
    expect(refused).toHaveLength(1);
  }, 120_000);

  it('a signature value by another key over the prepared hash: refused, nothing signed, the upload spent', async () => {
    const id = await uploadForCard(page, 'توقيع مزوّر', await testPdf(1, 'Forged signature'));
    const csrf = (await page.getAttribute('[data-card-sign]', 'data-csrf')) ?? '';
    const step = (what: string, body: Record<string, unknown>) => page.request.post(`${base}/portal/sign/card/${id}/${what}`, { data: { csrf, ...body }, headers: { origin: base } });
    const prepared = await step('certificate', { certificate: pemToDer(card.signingCertificate).toString('base64') });
    expect(prepared.status()).toBe(200);
    const { hash } = (await prepared.json()) as { hash: string };
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
    // The hash signed, as a card would, but by a key that is not the card's.
    const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged = sign(null, Buffer.from(hash, 'base64'), { key: forger, dsaEncoding: 'ieee-p1363' }).toString('base64');
    const answer = await step('signature', { signature: forged });
    expect(answer.status()).toBe(422);
    expect(await answer.json()).toMatchObject({ code: 'signature-invalid', location: `/portal/sign/card/${id}/refused/signature-invalid` });
    expect(await row(id)).toMatchObject({ status: 'failed', has_signed: false });
    // Spent: the card's genuine signature cannot complete it now.
    expect((await (await step('signature', { signature: forged })).json()) as { code: string }).toMatchObject({ code: 'request-not-pending' });
  }, 120_000);
});
