import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { theqaAsync, WORKSPACE_ROOT } from '@theqa/testing';

export const ARTIFACTS = path.join(process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts'), 'portal');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/**
 * axe-core run in the page as the person sees it. The script is evaluated through the browser's
 * debugging protocol, which the pages' Content-Security-Policy (no script at all) does not govern, so the
 * pages are checked with their real policy in force.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshots numbered in the order taken, in test-artifacts/portal/ (or $THEQA_TEST_ARTIFACTS/portal/);
 * a suite of its own names its own folder beside it (`portal-sign`), so that no suite wipes another's.
 */
export class Screenshots {
  private taken = 0;
  readonly names: string[] = [];
  readonly folder: string;

  constructor(folder = 'portal') {
    this.folder = path.join(path.dirname(ARTIFACTS), folder);
    fs.rmSync(this.folder, { recursive: true, force: true });
    fs.mkdirSync(this.folder, { recursive: true });
  }

  async take(page: Page, name: string): Promise<void> {
    this.taken += 1;
    const file = `${String(this.taken).padStart(2, '0')}-${name}.png`;
    this.names.push(file);
    await page.screenshot({ path: path.join(this.folder, file), fullPage: true });
  }
}

/**
 * Every check a portal page gets, in both languages: its language and direction, no serious or critical
 * accessibility violation, no script or style the CSP refused, and a screenshot — once `ready` says
 * the page is done (a preview its script draws).
 */
export async function checkPage(page: Page, shots: Screenshots, name: string, refused: string[], ready?: (page: Page) => Promise<unknown>): Promise<void> {
  const url = new URL(page.url());
  for (const lang of ['ar', 'en'] as const) {
    url.searchParams.set('lang', lang);
    await page.goto(url.href);
    await ready?.(page);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect({ page: `${name} (${lang})`, violations: await seriousViolations(page) }).toEqual({ page: `${name} (${lang})`, violations: [] });
    await shots.take(page, `${name}-${lang}`);
  }
  expect(refused).toEqual([]);
  // Back to Arabic, the portal's default, for whatever the test does next.
  url.searchParams.set('lang', 'ar');
  await page.goto(url.href);
}

/** The gateway's waiting page reloads itself every 3 s: read it in one go, retrying across a reload. */
export async function readQr(page: Page): Promise<{ payload: string; code: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForSelector('[data-testid="qr"]');
      const shown = await page.evaluate(() => ({
        payload: document.querySelector('[data-testid="qr"]')?.getAttribute('data-qr-payload') ?? '',
        code: document.querySelector('[data-testid="verification-code"]')?.textContent?.trim() ?? '',
      }));
      if (shown.payload && shown.code) return shown;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** `npx theqa wallet --home HOME approve --qr … --code … --pin …`: the person's phone approving a login. */
export function approve(home: string, env: NodeJS.ProcessEnv, shown: { payload: string; code: string }, pin: string) {
  return theqaAsync(['wallet', '--home', home, 'approve', '--qr', shown.payload, '--code', shown.code, '--pin', pin], env);
}

/**
 * From the portal's login page to its dashboard: "log in with the THEQA app", the gateway's QR code,
 * the CLI wallet approving with the number shown, the declaration of data on a first login.
 */
export async function logInToPortal(page: Page, base: string, wallet: { home: string; env: NodeJS.ProcessEnv; pin: string }): Promise<void> {
  await page.goto(`${base}/portal/login`);
  await page.click('[data-testid="login-app"] button[type="submit"]');
  await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
  await page.click('form[action$="/qr"] button[type="submit"]');
  const approved = await approve(wallet.home, wallet.env, await readQr(page), wallet.pin);
  if (approved.status !== 0) throw new Error(`the wallet did not approve: ${approved.stdout}${approved.stderr}`);
  await page.waitForURL((url) => url.pathname.endsWith('/consent') || url.pathname === '/portal', { timeout: 20_000 });
  if (page.url().endsWith('/consent')) await page.click('button[name="decision"][value="agree"]');
  await page.waitForURL(`${base}/portal`);
}

/**
 * The portal's upgrade to HIGH as a person does it, from the portal's upgrade page: the device picked
 * by its serial number, continue, confirm, the QR code's text scanned by `npx theqa wallet upgrade
 * --qr … --pin …` on that phone (face and SMS code from the development stand-ins), until the page
 * says HIGH. The wallet's answer (--json).
 */
export async function upgradeInPortal(page: Page, base: string, phone: { home: string; serial: string; env: NodeJS.ProcessEnv; pin: string }): Promise<Record<string, any>> {
  await page.goto(`${base}/portal/upgrade`);
  await page.check(`#device-${phone.serial}`);
  await page.click('form[action="/portal/upgrade/confirm"] button[type="submit"]');
  await page.waitForURL(/\/portal\/upgrade\/confirm\?device=/);
  await page.click('form[action="/portal/upgrade"] button[type="submit"]');
  await page.waitForURL(/\/portal\/upgrade\/[0-9a-f-]{36}/);
  const payload = await page.getAttribute('[data-testid="qr"]', 'data-qr-payload');
  if (!payload) throw new Error('the upgrade page shows no code to scan');
  const upgraded = await theqaAsync(['wallet', '--home', phone.home, 'upgrade', '--qr', payload, '--pin', phone.pin, '--json'], phone.env);
  if (upgraded.status !== 0) throw new Error(`the wallet did not upgrade: ${upgraded.stdout}${upgraded.stderr}`);
  await page.waitForSelector('[data-testid="upgrade-done"]', { timeout: 30_000 });
  return JSON.parse(upgraded.stdout);
}

/** The serial number of the device a CLI wallet's home holds. */
export function walletSerial(home: string): string {
  return JSON.parse(fs.readFileSync(path.join(home, 'wallet.json'), 'utf8')).device.serial;
}

/** A command run without blocking this process (which may be serving the test run's embedded database). */
export function runAsync(command: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.once('exit', (status) => resolve({ status, output }));
  });
}
