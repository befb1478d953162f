import { spawnSync } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { toolIsAvailable } from './required-tool';

/** Debian's Chromium as PATH finds it (never a browser a tool downloads), or undefined. */
export function chromiumPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** Whether browser tests can run here (skips loudly outside CI, fails in CI; see toolIsAvailable). */
export function chromiumIsAvailable(): boolean {
  return toolIsAvailable('chromium', chromiumPath() !== undefined);
}

/**
 * Headless Chromium with the flags this sandbox needs: no background networking (the closed network
 * refuses those connections), no sandbox (tests run as root), no GPU.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium is not installed (apt-get install chromium)');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
