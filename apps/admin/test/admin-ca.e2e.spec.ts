import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqaAsync, toolIsAvailable } from '@theqa/testing';
import { checkPage, logInThroughGateway, Screenshots, seriousViolations } from './admin-browser';

/**
 * The CA officer's section as a CA officer meets it: the platform started as `npm start` starts it,
 * headless Chromium, the CLI wallet as each person's phone, openssl as a relying party checking OCSP
 * and the CRL. A CA officer (HIGH through the portal's real upgrade) finds a citizen's certificate,
 * holds and releases it, revokes it (keyCompromise) — the platform's OCSP responder says revoked —
 * publishes a CRL now, and the CRL lists the serial. Revoking another administrator's certificate
 * by one CA officer alone does not take effect; it does once a second CA officer approves.
 * Registry persons: ordinary 91–94 (91 and 92 CA officers, 93 the citizen, 94 a support officer).
 */
const describeWithTools = chromiumIsAvailable() && toolIsAvailable('openssl') ? describe : describe.skip;

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const OFFICER: RegistryPerson = ordinary[91];
const SECOND_OFFICER: RegistryPerson = ordinary[92];
const CITIZEN: RegistryPerson = ordinary[93];
const COLLEAGUE: RegistryPerson = ordinary[94];
const PIN = '583920';

describeWithTools('the CA officer in the console', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-admin-ca-'));
  const file = (name: string) => path.join(dir, name);
  let platform: PlatformProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  const officer: { context?: BrowserContext; page?: Page } = {};
  const second: { context?: BrowserContext; page?: Page } = {};
  let shots: Screenshots;
  const refusedByCsp: string[] = [];
  const phones: Record<string, { home: string; serial: string }> = {};

  const register = async (name: string, person: RegistryPerson) => {
    const home = path.join(dir, `phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'ca@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', `${name} phone`], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    phones[name] = { home, serial: JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial as string };
  };
  /** The person's identity to HIGH, as a person does it: the portal's upgrade, approved in the wallet. */
  const upgrade = async (page: Page, name: string, person: RegistryPerson) => {
    const phone = phones[name];
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
  };
  const openPage = async (holder: { context?: BrowserContext; page?: Page }) => {
    holder.context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    holder.page = await holder.context.newPage();
    holder.page.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${holder.page!.url()}: ${message.text()}`));
    return holder.page;
  };
  const download = async (urlPath: string, name: string) => {
    const res = await fetch(`${base}${urlPath}`);
    expect(res.status).toBe(200);
    fs.writeFileSync(file(name), Buffer.from(await res.arrayBuffer()));
  };
  // Never spawnSync: the test run's embedded database answers from this process, and the platform's
  // OCSP responder waits on it.
  const run = (command: string, args: string[]) =>
    new Promise<string>((resolve) => execFile(command, args, { cwd: dir, encoding: 'utf8', timeout: 30_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`)));
  /** The platform's OCSP responder about a certificate, as a relying party asks it. */
  const ocsp = (cert: string) => run('openssl', ['ocsp', '-issuer', 'issuing-ca.pem', '-cert', cert, '-url', `${base}/ca/ocsp`, '-CAfile', 'root.pem', '-resp_text']);
  /** The certificate of this person the console finds (their device's authentication certificate), its serial and PEM on disk. */
  const findCertificate = async (page: Page, person: RegistryPerson, pemName: string) => {
    await page.goto(`${base}/admin/ca/certificates`);
    await page.fill('#civilNumber', person.civil_number);
    await page.fill('#profile', 'device-authentication');
    await page.click('[data-testid="certificate-search"] button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('civilNumber') === person.civil_number);
    const serials = await page.$$eval('[data-testid="certificates"] a[data-serial]', (links) => links.map((a) => a.getAttribute('data-serial')!));
    expect(serials.length).toBeGreaterThan(0);
    const pem = await page.context().request.get(`${base}/admin/ca/certificates/${serials[0]}/pem`);
    expect(pem.status()).toBe(200);
    fs.writeFileSync(file(pemName), await pem.body());
    expect(await run('openssl', ['x509', '-in', pemName, '-noout', '-serial'])).toContain(`serial=${serials[0]}`);
    return serials[0];
  };

  beforeAll(async () => {
    shots = new Screenshots('admin-ca');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      THEQA_DATA_DIR: file('data'),
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'off',
      THEQA_PORTAL_CLIENT_ID: `portal-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-${port}`,
      // Two CA officers (each the other's second pair of eyes) and a support officer whose certificate is "another administrator's".
      THEQA_ADMIN_ROLES: `ca-officer:${OFFICER.civil_number},${SECOND_OFFICER.civil_number};support-officer:${COLLEAGUE.civil_number}`,
      THEQA_ADMIN_FOUR_EYES: 'certificate.revoke-administrator',
    };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    for (const [name, person] of [['officer', OFFICER], ['second', SECOND_OFFICER], ['citizen', CITIZEN], ['colleague', COLLEAGUE]] as const) await register(name, person);
    await download('/ca/certs/theqa-root-ca.pem', 'root.pem');
    await download('/ca/certs/citizen-authentication-ca.pem', 'issuing-ca.pem');
    browser = await launchChromium();
    await upgrade(await openPage(officer), 'officer', OFFICER);
    await upgrade(await openPage(second), 'second', SECOND_OFFICER);
    await logInThroughGateway(officer.page!, `${base}/admin/login`, { home: phones.officer.home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let citizenSerial = '';

  it("finds a citizen's certificate, holds and releases it, then revokes it (keyCompromise): OCSP says revoked", async () => {
    const page = officer.page!;
    const hrefs = await page.$$eval('nav.sections a', (links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(expect.arrayContaining(['/admin/ca/certificates', '/admin/ca']));
    citizenSerial = await findCertificate(page, CITIZEN, 'citizen.pem');
    expect(await page.textContent('[data-testid="certificates"]')).toContain(CITIZEN.civil_number);
    await checkPage(page, shots, 'search');
    expect(await ocsp('citizen.pem')).toContain('citizen.pem: good');

    // Bad input changes nothing: the form again, the error in both languages.
    await page.goto(`${base}/admin/ca/certificates?serial=not-hex`);
    expect(await page.textContent('[data-testid="input-error"]')).toMatch(/أرقام ست عشرية[^]*hexadecimal digits/);
    await shots.take(page, 'search-error');

    await page.goto(`${base}/admin/ca/certificates?civilNumber=${CITIZEN.civil_number}`);
    await page.click(`a[data-serial="${citizenSerial}"]`);
    await page.waitForURL(`${base}/admin/ca/certificates/${citizenSerial}`);
    expect(await page.getAttribute('[data-testid="certificate"]', 'data-status')).toBe('good');
    await checkPage(page, shots, 'certificate');

    await page.click('[data-testid="hold"]');
    await page.waitForURL(/done=held/);
    expect(await ocsp('citizen.pem')).toMatch(/citizen\.pem: revoked[^]*certificateHold/);
    await page.click('[data-testid="release"]');
    await page.waitForURL(/done=released/);
    expect(await ocsp('citizen.pem')).toContain('citizen.pem: good');

    // An unknown reason, sent as a forged select would send it: refused, in both languages, nothing changed.
    const csrf = (await page.getAttribute('form[data-testid="revoke-form"] input[name="csrf"]', 'value'))!;
    const forged = await page.context().request.post(`${base}/admin/ca/certificates/${citizenSerial}/revoke`, { form: { csrf, reason: 'lostInTheSea' }, headers: { origin: base } });
    expect(forged.status()).toBe(400);
    expect(await forged.text()).toMatch(/سبب الإلغاء غير معروف[^]*The revocation reason is not known/);
    expect(await ocsp('citizen.pem')).toContain('citizen.pem: good');

    await page.selectOption('#reason', 'keyCompromise');
    await page.click('[data-testid="revoke"]');
    await page.waitForURL(/done=revoked/);
    expect(await page.getAttribute('[data-testid="certificate"]', 'data-status')).toBe('revoked');
    expect(await page.getAttribute('[data-reason]', 'data-reason')).toBe('keyCompromise');
    await checkPage(page, shots, 'revoked');
    const answer = await ocsp('citizen.pem');
    expect(answer).toContain('Response verify OK');
    expect(answer).toMatch(/citizen\.pem: revoked[^]*Reason: keyCompromise/);
  }, 180_000);

  it('publishes a CRL now, and the CRL lists the revoked serial', async () => {
    const page = officer.page!;
    await page.goto(`${base}/admin/ca`);
    expect(await page.$$eval('[data-testid="key-store"]', (stores) => stores.map((s) => s.getAttribute('data-kind')))).toContain('software');
    expect(await page.textContent('main')).not.toMatch(/master key|-----BEGIN/i);
    expect(await page.getAttribute('[data-testid="expiry-warnings"]', 'data-count')).toMatch(/^\d+$/);
    await checkPage(page, shots, 'authorities');
    for (const lang of ['ar', 'en'] as const) {
      await page.goto(`${base}/admin/ca?lang=${lang}`);
      await page.selectOption('#crl-ca', 'citizen-authentication-ca');
      await page.click('[data-testid="publish-crl"] button[type="submit"]');
      await page.waitForSelector('[data-testid="published-crls"]');
      expect(await page.$$eval('[data-testid="published-crls"] a[data-issuer]', (links) => links.map((a) => a.getAttribute('data-issuer')))).toEqual(['citizen-authentication-ca']);
      expect({ lang, violations: await seriousViolations(page) }).toEqual({ lang, violations: [] });
      await shots.take(page, `crl-published-${lang}`);
    }
    await download('/ca/crl/citizen-authentication-ca.crl', 'auth.crl');
    expect(await run('openssl', ['crl', '-inform', 'DER', '-in', 'auth.crl', '-CAfile', 'issuing-ca.pem', '-noout', '-verify'])).toContain('verify OK');
    const text = await run('openssl', ['crl', '-inform', 'DER', '-in', 'auth.crl', '-noout', '-text']);
    expect(text).toContain(`Serial Number: ${citizenSerial}`);
    expect(text).toContain('Key Compromise');
    await page.goto(`${base}/admin/ca?lang=ar`);
  }, 120_000);

  it("revoking another administrator's certificate: one CA officer alone does not make it happen; a second one's approval does", async () => {
    const page = officer.page!;
    const serial = await findCertificate(page, COLLEAGUE, 'colleague.pem');
    await page.goto(`${base}/admin/ca/certificates/${serial}`);
    expect(await page.isVisible('[data-testid="four-eyes"]')).toBe(true);
    await page.selectOption('#reason', 'affiliationChanged');
    await page.click('[data-testid="revoke"]');
    await page.waitForURL(/done=proposed/);
    await shots.take(page, 'proposed-ar');
    expect(await page.getAttribute('[data-testid="certificate"]', 'data-status')).toBe('good');
    expect(await ocsp('colleague.pem')).toContain('colleague.pem: good');
    // The proposer cannot be their own second pair of eyes.
    await page.goto(`${base}/admin/approvals`);
    expect(await page.getAttribute(`[data-testid="pending-proposals"] tr:has-text("${serial}") [data-testid="cannot-decide"]`, 'data-why')).toBe('own');
    expect(await ocsp('colleague.pem')).toContain('colleague.pem: good');

    const other = second.page!;
    await logInThroughGateway(other, `${base}/admin/login`, { home: phones.second.home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
    await other.goto(`${base}/admin/approvals`);
    await checkPage(other, shots, 'approval');
    await other.click(`[data-testid="pending-proposals"] tr:has-text("${serial}") [data-testid="approve"]`);
    await other.waitForURL(/done=approved/);
    const answer = await ocsp('colleague.pem');
    expect(answer).toContain('Response verify OK');
    expect(answer).toMatch(/colleague\.pem: revoked[^]*Reason: affiliationChanged/);
    await other.goto(`${base}/admin/ca/certificates/${serial}`);
    expect(await other.getAttribute('[data-testid="certificate"]', 'data-status')).toBe('revoked');
    expect(refusedByCsp).toEqual([]);
  }, 180_000);
});
