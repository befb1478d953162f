import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The Debian package that brings each external verifier or tool the tests use (`.ci/run` installs
 * them all). The summary reporter names these packages in its closing line when checks were skipped.
 */
export const TOOL_PACKAGES: Readonly<Record<string, string>> = {
  openssl: 'openssl',
  certtool: 'gnutls-bin',
  vfychain: 'libnss3-tools',
  certutil: 'libnss3-tools',
  chromium: 'chromium',
  softhsm2: 'softhsm2',
  'softhsm2-util': 'softhsm2',
  zbarimg: 'zbar-tools',
  pdfsig: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  qpdf: 'qpdf',
};

/** Where skipped tools are written down for the summary reporter (tools/test/summary-reporter.cjs sets it). */
export const SKIP_LOG_VARIABLE = 'THEQA_SKIP_LOG';

/**
 * Whether an external tool (a verifier such as openssl or certtool, Chromium, SoftHSM…) can be used.
 * `tool` is a key of TOOL_PACKAGES; `present` overrides the PATH lookup for tools that are not commands
 * (Chromium's binary path, SoftHSM's module). Missing on a developer's machine: the caller skips, this
 * says so at once, and the run's last line names every skipped tool with the `apt-get install` that
 * enables it. Missing under CI, which installs every one of them (.ci/run): an error, so that a broken
 * CI image cannot pass by skipping.
 */
export function toolIsAvailable(tool: string, present: boolean = commandExists(tool)): boolean {
  const pkg = TOOL_PACKAGES[tool];
  if (!pkg) throw new Error(`unknown tool "${tool}": add it with its Debian package to TOOL_PACKAGES`);
  if (present) return true;
  if (process.env.CI) throw new Error(`${tool} is required in CI (.ci/run installs the Debian package ${pkg}) but is not installed`);
  console.warn(`\n*** SKIPPED: ${tool} is not installed (apt-get install ${pkg}); these checks run in CI ***\n`);
  recordSkip(tool, pkg);
  return false;
}

/** Whether PATH finds `command` (the check a fresh clone's hidden-tools PATH is meant to fail). */
export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$0"', command]).status === 0;
}

function recordSkip(tool: string, pkg: string): void {
  const log = process.env[SKIP_LOG_VARIABLE];
  if (!log) return;
  const file = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath;
  // One short line per append: concurrent workers' appends do not interleave.
  fs.appendFileSync(log, JSON.stringify({ tool, package: pkg, file }) + '\n');
}
