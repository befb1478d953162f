import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret of a development installation (key-store master key, API token): made once, with random
 * bytes, into the git-ignored dev folder (0600), and read back on every later start, by any process.
 * Production configures its secrets instead; callers refuse to come here in production.
 */
export function developmentSecret(devDir: string, name: string, encode: (bytes: Buffer) => string): string {
  const file = path.join(devDir, name);
  fs.mkdirSync(devDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': when two processes start at once, one writes and the other reads what it wrote.
    fs.writeFileSync(file, encode(randomBytes(32)) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
