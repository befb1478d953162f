import type { Page } from 'playwright-core';
import { theqaAsync } from './platform-process';

/** The gateway's waiting page reloads itself every 3 s: read the QR payload and the code in one go, retrying across a reload. */
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
