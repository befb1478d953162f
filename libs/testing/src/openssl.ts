import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs a verifier; returns exit status and combined output so a test can assert on both. */
export function run(command: string, args: string[], options: { cwd?: string; input?: Buffer | string } = {}) {
  const result = spawnSync(command, args, { cwd: options.cwd, input: options.input, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}`, error: result.error };
}

/** A fresh folder under the system's temporary directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A CSR made by OpenSSL itself, so the CA is tested against what real clients send. */
export function opensslCsr(dir: string, options: { keyAlgorithm?: 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'ec-secp256k1' | 'rsa-1024'; subject?: string } = {}): { csrPem: string; keyPath: string } {
  const algorithm = options.keyAlgorithm ?? 'ec-p256';
  const keyPath = path.join(dir, `key-${algorithm}-${Math.random().toString(36).slice(2)}.pem`);
  const keyArgs: Record<string, string[]> = {
    'ec-p256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
    'ec-p384': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'],
    'ec-secp256k1': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:secp256k1'],
    'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
    'rsa-1024': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
  };
  execFileSync('openssl', ['genpkey', ...keyArgs[algorithm], '-out', keyPath]);
  const csrPem = execFileSync('openssl', ['req', '-new', '-key', keyPath, '-subj', options.subject ?? '/CN=ignored by the CA/O=Evil Corp', '-sha256'], { encoding: 'utf8' });
  return { csrPem, keyPath };
}

