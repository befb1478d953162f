import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { theqaAsync, WORKSPACE_ROOT } from '@theqa/testing';

const ARTIFACTS = process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core in the page as the person sees it (evaluated through the debugging protocol, under the page's own CSP). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshots numbered in the order taken, in test-artifacts/admin/. A suite with a prefix (`admin-ca-`)
 * replaces only its own files, so that the console's suites keep each other's.
 */
export class Screenshots {
  private taken = 0;
  readonly folder = path.join(ARTIFACTS, 'admin');

  constructor(private readonly prefix = '') {
    fs.mkdirSync(this.folder, { recursive: true });
    const own = (file: string) => (prefix ? file.startsWith(prefix) : /^\d{2}-/.test(file));
    for (const file of fs.readdirSync(this.folder)) if (own(file)) fs.rmSync(path.join(this.folder, file), { recursive: true, force: true });
  }

  async take(page: Page, name: string): Promise<void> {
    this.taken += 1;
    await page.screenshot({ path: path.join(this.folder, `${this.prefix}${String(this.taken).padStart(2, '0')}-${name}.png`), fullPage: true });
  }
}

/** A console page in both languages: language and direction, no serious or critical axe violation, a screenshot. */
export async function checkPage(page: Page, shots: Screenshots, name: string): Promise<void> {
  const url = new URL(page.url());
  for (const lang of ['ar', 'en'] as const) {
    url.searchParams.set('lang', lang);
    await page.goto(url.href);
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect({ page: `${name} (${lang})`, violations: await seriousViolations(page) }).toEqual({ page: `${name} (${lang})`, violations: [] });
    await shots.take(page, `${name}-${lang}`);
  }
  url.searchParams.set('lang', 'ar');
  await page.goto(url.href);
}

/** The gateway's waiting page reloads itself: read the QR payload and the code in one go, retrying across a reload. */
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
 * From a login page (the portal's or the console's) through the gateway's QR code, the CLI wallet
 * approving with the number shown, and the declaration of data on a first login, to where the
 * gateway sends the browser back (`until`).
 */
export async function logInThroughGateway(page: Page, loginPage: string, wallet: { home: string; env: NodeJS.ProcessEnv; pin: string }, until: (url: URL) => boolean): Promise<void> {
  await page.goto(loginPage);
  await page.click('[data-testid="login-app"] button[type="submit"]');
  await page.waitForURL(/\/login\/[A-Za-z0-9_-]+$/);
  await page.click('form[action$="/qr"] button[type="submit"]');
  const approved = await approve(wallet.home, wallet.env, await readQr(page), wallet.pin);
  if (approved.status !== 0) throw new Error(`the wallet did not approve: ${approved.stdout}${approved.stderr}`);
  await page.waitForURL((url) => url.pathname.endsWith('/consent') || until(url), { timeout: 20_000 });
  if (page.url().endsWith('/consent')) await page.click('button[name="decision"][value="agree"]');
  await page.waitForURL(until, { timeout: 20_000 });
}
