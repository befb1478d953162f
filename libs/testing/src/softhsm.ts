/**
 * Throwaway SoftHSM2 tokens for tests and CI, so the PKCS#11 key store of @theqa/keys is exercised
 * against a real Cryptoki module rather than a mock. Not for production: the PINs pass through a command
 * line, and the environment (SOFTHSM2_LIBRARY, SOFTHSM2_CONF) is read here, as test support may.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { commandExists, toolIsAvailable } from './required-tool';

const LIBRARY_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
];

/** The SoftHSM2 PKCS#11 module on this machine (SOFTHSM2_LIBRARY overrides), or undefined. */
export function findSoftHsmLibrary(): string | undefined {
  const override = process.env.SOFTHSM2_LIBRARY;
  if (override) return existsSync(override) ? override : undefined;
  return LIBRARY_CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * Whether SoftHSM2 can be used here: its PKCS#11 module and `softhsm2-util`, which makes the tokens. Both
 * come with Debian's softhsm2; PATH is what a fresh-clone check hides, so PATH decides as well.
 */
export function softHsmIsInstalled(): boolean {
  return findSoftHsmLibrary() !== undefined && commandExists('softhsm2-util');
}

/** Whether SoftHSM tests can run here (skips loudly outside CI, fails in CI; see toolIsAvailable). */
export function softHsmIsAvailable(): boolean {
  return toolIsAvailable('softhsm2', softHsmIsInstalled());
}

export interface SoftHsmTokenOptions {
  /** Folder for softhsm2.conf and the token files; a fresh temporary folder when omitted. */
  dir?: string;
  /** Token label (at most 32 characters, PKCS#11's CK_TOKEN_INFO limit). */
  label: string;
  pin: string;
  soPin: string;
}

export interface SoftHsmToken {
  library: string;
  tokenLabel: string;
  pin: string;
  /**
   * SoftHSM reads SOFTHSM2_CONF once, when the module is initialised: apply it with useSoftHsmConfig before
   * the first Pkcs11KeyStore of the process opens (and pass it to child processes such as pkcs11-tool).
   */
  env: { SOFTHSM2_CONF: string };
  /** Removes the token files (and the folder, when this function created it). */
  dispose(): void;
}

/**
 * Initialises one token in the first free slot. With no `dir` and SOFTHSM2_CONF already set (the test
 * run's global setup sets it before any worker starts, so the native library sees it without tricks),
 * the token joins that configuration and `dispose` deletes just the token; otherwise a softhsm2.conf of
 * its own is written.
 */
export function createSoftHsmToken(options: SoftHsmTokenOptions): SoftHsmToken {
  const library = findSoftHsmLibrary();
  if (!library) throw new Error(`SoftHSM2 is not installed (looked for ${LIBRARY_CANDIDATES.join(', ')}); apt-get install softhsm2`);
  if (options.label.length === 0 || Buffer.byteLength(options.label) > 32) throw new Error('SoftHSM token label must be 1–32 bytes');
  const shared = process.env.SOFTHSM2_CONF;
  if (!options.dir && shared && existsSync(shared)) return tokenInSharedConfig(library, shared, options);

  const ownDir = !options.dir;
  const dir = path.resolve(options.dir ?? mkdtempSync(path.join(tmpdir(), 'theqa-softhsm-')));
  const tokenDir = path.join(dir, 'tokens');
  const conf = path.join(dir, 'softhsm2.conf');
  mkdirSync(tokenDir, { recursive: true, mode: 0o700 });
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`, { mode: 0o600 });
  const env = { SOFTHSM2_CONF: conf };
  const dispose = () => {
    rmSync(ownDir ? dir : tokenDir, { recursive: true, force: true });
    if (!ownDir) rmSync(conf, { force: true });
  };

  try {
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', options.label, '--pin', options.pin, '--so-pin', options.soPin], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (error) {
    dispose();
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    const reason = failure.code === 'ENOENT' ? 'softhsm2-util is not on PATH' : (failure.stderr?.toString().trim() || failure.message);
    // Only the label is named: the command line carried the PINs.
    throw new Error(`could not initialise SoftHSM token "${options.label}": ${reason.split(options.pin).join('***').split(options.soPin).join('***')}`);
  }
  return { library, tokenLabel: options.label, pin: options.pin, env, dispose };
}

function tokenInSharedConfig(library: string, conf: string, options: SoftHsmTokenOptions): SoftHsmToken {
  const env = { SOFTHSM2_CONF: conf };
  const util = (args: string[]) =>
    execFileSync('softhsm2-util', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  try {
    util(['--init-token', '--free', '--label', options.label, '--pin', options.pin, '--so-pin', options.soPin]);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    throw new Error(`could not initialise SoftHSM token "${options.label}": ${stderr.split(options.pin).join('***').split(options.soPin).join('***')}`);
  }
  return {
    library,
    tokenLabel: options.label,
    pin: options.pin,
    env,
    dispose: () => {
      try {
        util(['--delete-token', '--token', options.label]);
      } catch {
        // Already gone: nothing to clean.
      }
    },
  };
}

/**
 * Points this process's SoftHSM at the token's configuration; returns a function restoring the previous
 * value. SoftHSM calls getenv() in C_Initialize, so the variable must reach the real C environment: under
 * Jest, `process.env` is a sandbox copy that never does, so the real `process` is looked up as well.
 */
export function useSoftHsmConfig(token: Pick<SoftHsmToken, 'env'>): () => void {
  const environments = new Set<NodeJS.ProcessEnv>([process.env]);
  const real = realProcess();
  if (real) environments.add(real.env);
  const previous = [...environments].map((env) => [env, env.SOFTHSM2_CONF] as const);
  for (const env of environments) env.SOFTHSM2_CONF = token.env.SOFTHSM2_CONF;
  return () => {
    for (const [env, value] of previous) {
      if (value === undefined) delete env.SOFTHSM2_CONF;
      else env.SOFTHSM2_CONF = value;
    }
  };
}

/** Node's own `process` when this code runs in a sandbox (Jest) that hands out a copy; else undefined. */
function realProcess(): NodeJS.Process | undefined {
  // Jest's `module` stand-in keeps Node's Module._load, which resolves built-ins outside the sandbox.
  const load = (nodeModule as unknown as { _load?: (request: string, parent: null, isMain: boolean) => unknown })._load;
  try {
    const candidate = load?.('process', null, false) as NodeJS.Process | undefined;
    return candidate && candidate !== process && typeof candidate.env === 'object' ? candidate : undefined;
  } catch {
    return undefined;
  }
}
