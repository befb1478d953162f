import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { READ_ONLY_ACTIONS, type AdministrativeAction } from '@theqa/administration';
import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import type { RegistryPerson } from '@theqa/integrations';
import { chromiumIsAvailable, freePort, launchChromium, PlatformProcess, theqaAsync } from '@theqa/testing';
import { ADMIN_ROUTES } from '../src';
import { checkPage, logInThroughGateway, Screenshots, seriousViolations } from './admin-browser';

/**
 * The auditor's console in a browser: the platform as `npm start` runs it, headless Chromium as the
 * auditor's computer, the CLI wallet as their phone. An auditor made HIGH through the portal's real
 * upgrade logs in, reads the dashboard (its numbers follow what the test does), finds in the audit
 * log an entry made in the test, verifies the chain and its checkpoints, exports a period and checks
 * the downloaded file with openssl exactly as the page says; and can carry out no action.
 * Registry persons: ordinary 50–54 are this suite's (50 the auditor, 51 and 52 citizens).
 * Screenshots: test-artifacts/admin/admin-audit-* and admin-dashboard-*.
 */
const describeWithChromium = chromiumIsAvailable() ? describe : describe.skip;

const named = new Set<string>(Object.values(TEST_PERSONS));
const ordinary = new SyntheticCivilRegistry().listPersons().filter((p) => !named.has(p.civil_number) && p.card_status === 'valid' && !p.date_of_death);
const AUDITOR: RegistryPerson = ordinary[50];
const CITIZEN: RegistryPerson = ordinary[51];
const LATECOMER: RegistryPerson = ordinary[52];
const PIN = '604817';

/** A time as the console's `datetime-local` fields take it: Muscat time (UTC+4), to the minute. */
const muscatField = (date: Date) => new Date(date.getTime() + 4 * 3600_000).toISOString().slice(0, 16);

describeWithChromium('the auditor in the console: dashboard, audit search, verification, signed export', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'theqa-admin-audit-'));
  let platform: PlatformProcess;
  let base = '';
  let env: NodeJS.ProcessEnv;
  let browser: Browser;
  let computer: BrowserContext;
  let page: Page;
  let auditShots: Screenshots;
  let dashboardShots: Screenshots;
  let port = 0;
  const refusedByCsp: string[] = [];
  let auditor: { home: string; serial: string };
  let revoked: { serial: string; at: Date };

  const register = async (name: string, person: RegistryPerson) => {
    const home = path.join(dir, `phone-${name}`);
    const registered = await theqaAsync(['wallet', '--home', home, 'register', '--civil-number', person.civil_number, '--email', 'audit@example.com', '--phone', person.phone_number, '--pin', PIN, '--name', `${name} phone`], env);
    if (registered.status !== 0) throw new Error(`registration failed: ${registered.stdout}${registered.stderr}`);
    const wallet = JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8'));
    return { home, serial: wallet.device.serial as string, certificate: wallet.certificate as string };
  };
  const total = async (chart: string) => Number(await page.getAttribute(`[data-testid="chart-${chart}"]`, 'data-total'));
  const loginsOf = async (clientId: string) => Number((await page.getAttribute(`[data-testid="logins-per-rp"] li[data-client="${clientId}"]`, 'data-total')) ?? 0);
  /** A form's page in both languages (a POST cannot be reloaded): submit it in each, check with axe, keep a screenshot. */
  const submittedInBoth = async (shots: Screenshots, name: string, submit: () => Promise<void>, check: () => Promise<void>) => {
    for (const lang of ['ar', 'en'] as const) {
      await page.goto(`${base}/admin/audit?lang=${lang}`);
      await submit();
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await check();
      expect({ page: `${name} (${lang})`, violations: await seriousViolations(page) }).toEqual({ page: `${name} (${lang})`, violations: [] });
      await shots.take(page, `${name}-${lang}`);
    }
    await page.goto(`${base}/admin/audit?lang=ar`);
  };

  beforeAll(async () => {
    auditShots = new Screenshots('admin-audit');
    dashboardShots = new Screenshots('admin-dashboard');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      THEQA_DATA_DIR: path.join(dir, 'data'),
      PUBLIC_BASE_URL: base,
      THEQA_URL: base,
      LOG_LEVEL: 'warn',
      THEQA_DEMO_RP: 'off',
      THEQA_PORTAL_CLIENT_ID: `portal-${port}`,
      THEQA_ADMIN_CLIENT_ID: `admin-${port}`,
      THEQA_ADMIN_ROLES: `auditor:${AUDITOR.civil_number}`,
    };
    delete env.THEQA_WALLET_PIN;
    platform = new PlatformProcess(port, env);
    await platform.start();
    auditor = await register('auditor', AUDITOR);
    await register('citizen', CITIZEN);
    browser = await launchChromium();
    computer = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    page = await computer.newPage();
    page.on('console', (message) => /Content Security Policy|Refused to/i.test(message.text()) && refusedByCsp.push(`${page.url()}: ${message.text()}`));

    // The auditor's identity to HIGH, as a person does it: the portal's upgrade and the wallet.
    await logInThroughGateway(page, `${base}/portal/login`, { home: auditor.home, env, pin: PIN }, (url) => url.href === `${base}/portal`);
    await page.goto(`${base}/portal/upgrade`);
    await page.check(`#device-${auditor.serial}`);
    await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
    await page.click('form[action="/portal/upgrade"] button[type="submit"]');
    await page.waitForURL(/\/portal\/upgrade\/[0-9a-f-]{36}/);
    const payload = (await page.getAttribute('[data-testid="qr"]', 'data-qr-payload'))!;
    const upgraded = await theqaAsync(['wallet', '--home', auditor.home, 'upgrade', '--qr', payload, '--pin', PIN, '--json'], env);
    if (upgraded.status !== 0) throw new Error(`the upgrade failed: ${upgraded.stdout}${upgraded.stderr}`);
    expect(JSON.parse(upgraded.stdout)).toMatchObject({ civil_number: AUDITOR.civil_number, assurance: 'high' });
    await logInThroughGateway(page, `${base}/admin/login`, { home: auditor.home, env, pin: PIN }, (url) => url.href === `${base}/admin`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows the dashboard: charts drawn on the server, with numbers that follow the enrolments, logins and revocations of this test', async () => {
    await page.goto(`${base}/admin`);
    expect(await page.$$eval('[data-testid="roles"] li', (items) => items.map((i) => i.getAttribute('data-role')))).toEqual(['auditor']);
    expect(await page.textContent('[data-testid="pending-count"]')).toBeTruthy();
    for (const chart of ['enrolments', 'logins', 'signatures', 'revocations']) {
      expect(await page.$$eval(`[data-testid="chart-${chart}"] svg[role="img"]`, (svgs) => svgs.length)).toBe(1);
      // The table beside it holds the same numbers: its last cell is the chart's total.
      expect(Number(await page.textContent(`[data-testid="chart-${chart}"] tfoot td:last-child`))).toBe(await total(chart));
    }
    // The relying parties of this platform are this test's alone: one portal login, one console login.
    expect(await loginsOf(`portal-${port}`)).toBe(1);
    expect(await loginsOf(`admin-${port}`)).toBe(1);
    // Two wallets registered by this test (the database is shared with other suites: at least those).
    const enrolments = await total('enrolments');
    expect(enrolments).toBeGreaterThanOrEqual(2);
    const revocations = await total('revocations');

    // One more enrolment and one revocation: the dashboard follows.
    await register('latecomer', LATECOMER);
    const citizen = JSON.parse(fs.readFileSync(path.join(dir, 'phone-citizen', 'wallet.json'), 'utf8'));
    const serial = new X509Certificate(citizen.certificate as string).serialNumber;
    const at = new Date();
    const revokedNow = await theqaAsync(['--json', 'ca', 'revoke', '--serial', serial, '--reason', 'cessationOfOperation', '--comment', 'audit console e2e'], env);
    if (revokedNow.status !== 0) throw new Error(`the revocation failed: ${revokedNow.stdout}${revokedNow.stderr}`);
    revoked = { serial: JSON.parse(revokedNow.stdout).serial as string, at };
    await page.reload();
    expect(await total('enrolments')).toBeGreaterThanOrEqual(enrolments + 1);
    expect(await total('revocations')).toBeGreaterThanOrEqual(revocations + 1);
    expect(await loginsOf(`admin-${port}`)).toBe(1);
    await checkPage(page, dashboardShots, 'last-30-days');

    // A range of the administrator's choosing, and a bad one re-shown with its error.
    const today = (await page.getAttribute('[data-testid="range"]', 'data-to'))!;
    await page.fill('#range-from', today);
    await page.fill('#range-to', today);
    await page.click('[data-testid="range-form"] button[type="submit"]');
    await page.waitForURL(/from=/);
    expect(await page.getAttribute('[data-testid="range"]', 'data-from')).toBe(today);
    expect(await loginsOf(`admin-${port}`)).toBe(1);
    await page.goto(`${base}/admin?from=${today}&to=2000-01-01`);
    expect(await page.textContent('[data-testid="range-error"]')).toContain('بداية الفترة بعد نهايتها');
    await checkPage(page, dashboardShots, 'range-error');
    expect(refusedByCsp).toEqual([]);
  }, 240_000);

  it('searches the audit log and finds the revocation made in this test; pages to older entries', async () => {
    await page.click('nav.sections a[href="/admin/audit"]');
    await page.waitForURL(`${base}/admin/audit`);
    await page.fill('#search-action', 'certificate.revoked');
    await page.fill('#search-subject', revoked.serial);
    await page.click('[data-testid="search-form"] button[type="submit"]');
    await page.waitForURL(/action=certificate.revoked/);
    const rows = await page.$$eval('[data-testid="audit-results"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(revoked.serial);
    expect(rows[0]).toContain('audit console e2e');
    expect(rows[0]).toContain('cessationOfOperation');
    await checkPage(page, auditShots, 'search');

    // Nothing matches: said in words.
    await page.goto(`${base}/admin/audit?actor=admin:00000000`);
    expect(await page.textContent('[data-testid="audit-results"]')).toContain('لا سجلات تطابق هذا البحث');

    // The whole log, 20 entries a page (this test alone wrote more than 40).
    await page.goto(`${base}/admin/audit`);
    await page.selectOption('#search-size', '20');
    await page.click('[data-testid="search-form"] button[type="submit"]');
    await page.waitForURL(/size=20/);
    const newest = await page.$$eval('[data-testid="audit-results"] tbody tr .seq', (cells) => cells.map((c) => Number(c.textContent!.replace(/[^0-9]/g, ''))));
    expect(newest).toHaveLength(20);
    await page.click('[data-testid="older"]');
    await page.waitForURL(/before=/);
    const older = await page.$$eval('[data-testid="audit-results"] tbody tr .seq', (cells) => cells.map((c) => Number(c.textContent!.replace(/[^0-9]/g, ''))));
    expect(older).toHaveLength(20);
    expect(new URL(page.url()).searchParams.get('size')).toBe('20');
    // Newest first, and the older page carries on below the first: every seq smaller, none repeated.
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    expect(Math.max(...older)).toBeLessThan(Math.min(...newest));

    // Bad input comes back with the form and the error.
    await page.goto(`${base}/admin/audit?from=2026-02-30T10:00`);
    expect(await page.textContent('[data-testid="search-error"]')).toContain('بداية الفترة ليست تاريخًا صحيحًا');
    await checkPage(page, auditShots, 'search-error');
  }, 120_000);

  it('verifies the chain and its signed checkpoints: the report says it holds', async () => {
    await submittedInBoth(
      auditShots,
      'verified',
      async () => {
        await page.click('[data-testid="verify"]');
        await page.waitForSelector('[data-testid="verification"]', { timeout: 60_000 });
      },
      async () => {
        expect(await page.getAttribute('[data-testid="verification"]', 'data-ok')).toBe('true');
        expect(await page.textContent('[data-testid="verification"]')).toMatch(/السلسلة سليمة|The chain holds/);
      },
    );
  }, 180_000);

  it('exports a period as a signed file that openssl verifies exactly as the page says; the export is audited with the auditor', async () => {
    const work = path.join(dir, 'export');
    fs.mkdirSync(work);
    await page.goto(`${base}/admin/audit`);
    await page.fill('#export-from', muscatField(new Date(revoked.at.getTime() - 60_000)));
    await page.fill('#export-to', muscatField(new Date(Date.now() + 120_000)));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')]);
    expect(download.suggestedFilename()).toMatch(/^audit-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.jsonl$/);
    await download.saveAs(path.join(work, 'audit.jsonl'));
    const [key] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-key"]')]);
    expect(key.suggestedFilename()).toBe('audit-export-key.pem');
    await key.saveAs(path.join(work, 'audit-export-key.pem'));

    const lines = fs.readFileSync(path.join(work, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ type: 'theqa-audit-export', exported_by: `admin:${AUDITOR.civil_number}` });
    expect(lines.some((line) => line.includes('"action":"certificate.revoked"') && line.includes(revoked.serial))).toBe(true);
    // The key offered is the one the header names.
    const spki = createPublicKey(fs.readFileSync(path.join(work, 'audit-export-key.pem'))).export({ format: 'der', type: 'spki' });
    expect(createHash('sha256').update(spki).digest('hex')).toBe(header.key.sha256);

    // The commands exactly as the page shows them.
    const commands = (await page.textContent('[data-testid="verify-commands"]'))!;
    const checked = spawnSync('bash', ['-e', '-c', commands], { cwd: work, encoding: 'utf8' });
    expect({ status: checked.status, out: `${checked.stdout}${checked.stderr}`.trim() }).toEqual({ status: 0, out: 'Verified OK' });
    // …and a changed byte fails them.
    fs.writeFileSync(path.join(work, 'audit.jsonl'), fs.readFileSync(path.join(work, 'audit.jsonl'), 'utf8').replace(revoked.serial, revoked.serial.replace(/.$/, (c) => (c === '0' ? '1' : '0'))));
    expect(spawnSync('bash', ['-e', '-c', commands], { cwd: work, encoding: 'utf8' }).status).not.toBe(0);

    // The export is in the log, by the auditor.
    await page.goto(`${base}/admin/audit?action=audit.exported&actor=admin:${AUDITOR.civil_number}`);
    const rows = await page.$$eval('[data-testid="audit-results"] tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(download.suggestedFilename());

    // A reversed period comes back with the form and its error, in both languages.
    await submittedInBoth(
      auditShots,
      'export-error',
      async () => {
        await page.fill('#export-from', '2026-03-10T10:00');
        await page.fill('#export-to', '2026-03-10T09:00');
        await page.click('[data-testid="export"]');
        await page.waitForSelector('[data-testid="export-error"]');
      },
      async () => expect(await page.textContent('[data-testid="export-error"]')).toMatch(/بداية الفترة بعد نهايتها|The period starts after it ends/),
    );
    expect(refusedByCsp).toEqual([]);
  }, 180_000);

  it('lets the auditor carry out no action: every action route is refused, and no page offers one', async () => {
    await page.goto(`${base}/admin/audit`);
    const csrf = (await page.getAttribute('[data-testid="verify-form"] input[name="csrf"]', 'value'))!;
    const reading = new Set(['/admin/logout', '/admin/audit/verify', '/admin/audit/export']);
    const actions = ADMIN_ROUTES.filter((r) => r.method === 'POST' && r.permission !== 'public' && !reading.has(r.path));
    for (const route of actions) {
      const url = `${base}${route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`;
      const answer = await computer.request.post(url, { form: { csrf }, headers: { origin: base }, maxRedirects: 0 });
      const where = `POST ${route.path}`;
      if (route.permission !== 'approvals.view' && !READ_ONLY_ACTIONS.has(route.permission as AdministrativeAction)) {
        expect({ where, status: answer.status() }).toEqual({ where, status: 403 });
        expect(await answer.text()).toContain(`data-permission="${route.permission}"`);
      } else {
        // Deciding a proposal needs the proposal's own action, which an auditor never holds: none here to decide.
        expect({ where, done: answer.status() < 400 }).toEqual({ where, done: false });
      }
    }
    // Every page the auditor can reach offers only reading forms.
    const sections = await page.$$eval('nav.sections a', (links) => links.map((a) => a.getAttribute('href')!));
    expect(sections).toEqual(expect.arrayContaining(['/admin', '/admin/approvals', '/admin/audit']));
    for (const section of sections) {
      await page.goto(`${base}${section}`);
      const posts = await page.$$eval('form[method="post"]', (forms) => forms.map((f) => f.getAttribute('action')));
      expect({ section, posts: posts.filter((action) => !reading.has(action!)) }).toEqual({ section, posts: [] });
    }
  }, 120_000);
});
