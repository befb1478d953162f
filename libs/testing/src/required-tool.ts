import { spawnSync } from 'node:child_process';

/**
 * Whether an external verifier (openssl, certtool, vfychain, SoftHSM…) can be used. Missing on a
 * developer's machine: the caller skips, and this says so loudly. Missing under CI, which installs
 * every one of them (.ci/run): an error, so that a broken CI image cannot pass by skipping.
 */
export function toolIsAvailable(name: string, present: boolean = spawnSync('sh', ['-c', `command -v ${name}`]).status === 0): boolean {
  if (present) return true;
  if (process.env.CI) throw new Error(`${name} is required in CI (.ci/run installs it) but is not installed`);
  console.warn(`\n*** SKIPPED: ${name} is not installed; these checks run in CI (apt-get install the package to run them here) ***\n`);
  return false;
}
