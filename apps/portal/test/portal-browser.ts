import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { logInThroughGateway, Screenshots as SharedScreenshots, theqaAsync } from '@theqa/testing';

export { approve, checkPage, readQr, seriousViolations } from '@theqa/testing';

/**
 * Screenshots numbered in the order taken, in test-artifacts/portal/ (or $THEQA_TEST_ARTIFACTS/portal/);
 * a suite of its own names its own folder beside it (`portal-sign`), so that no suite wipes another's.
 */
export class Screenshots extends SharedScreenshots {
  constructor(folder = 'portal') {
    super(folder);
  }
}

/**
 * From the portal's login page to its dashboard: "log in with the THEQA app", the gateway's QR code,
 * the CLI wallet approving with the number shown, the declaration of data on a first login.
 */
export async function logInToPortal(page: Page, base: string, wallet: { home: string; env: NodeJS.ProcessEnv; pin: string }): Promise<void> {
  await logInThroughGateway(page, `${base}/portal/login`, wallet, (url) => url.href === `${base}/portal`);
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
