import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { WORKSPACE_ROOT } from './platform-process';

/** Where a test run keeps what a person would look at: test-artifacts/, or $THEQA_TEST_ARTIFACTS. */
export const TEST_ARTIFACTS = process.env.THEQA_TEST_ARTIFACTS ?? path.join(WORKSPACE_ROOT, 'test-artifacts');

/**
 * Screenshots numbered in the order taken, in TEST_ARTIFACTS/<folder>/. A suite sharing a folder with
 * others gives a `prefix` (`admin-rp-01-….png`; without one, `01-….png`), and a new run removes only
 * its own files, so suites run in any order keep each other's.
 */
export class Screenshots {
  private taken = 0;
  readonly names: string[] = [];
  readonly folder: string;

  constructor(
    folder: string,
    private readonly prefix = '',
  ) {
    this.folder = path.join(TEST_ARTIFACTS, folder);
    fs.mkdirSync(this.folder, { recursive: true });
    const mine = prefix ? (file: string) => file.startsWith(`${prefix}-`) : (file: string) => /^\d{2}-/.test(file);
    for (const file of fs.readdirSync(this.folder)) if (mine(file)) fs.rmSync(path.join(this.folder, file), { force: true });
  }

  async take(page: Page, name: string): Promise<void> {
    this.taken += 1;
    const file = `${this.prefix ? `${this.prefix}-` : ''}${String(this.taken).padStart(2, '0')}-${name}.png`;
    this.names.push(file);
    await page.screenshot({ path: path.join(this.folder, file), fullPage: true });
  }
}
