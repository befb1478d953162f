import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A secret of a development installation (key-store master key, API token): made once, with random
 * bytes, into the git-ignored dev folder (0600), and read back on every later start, by any process.
 * Production configures its secrets instead: the configuration refuses to start without them, so this
 * is only reached in development.
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

const MASTER_KEY_FILE = 'keystore-master.key';
const ISSUANCE_TOKEN_FILE = 'ca-api-token';

/** The software key store's master key of a development installation. */
export const developmentMasterKey = (devDir: string) => developmentSecret(devDir, MASTER_KEY_FILE, (bytes) => bytes.toString('hex'));

/** The issuance API's bearer token of a development installation. */
export const developmentIssuanceToken = (devDir: string) => developmentSecret(devDir, ISSUANCE_TOKEN_FILE, (bytes) => bytes.toString('base64url'));

/** Where a development installation keeps its token (for tools and the welcome message). */
export const developmentIssuanceTokenFile = (devDir: string) => path.join(devDir, ISSUANCE_TOKEN_FILE);

const PORTAL_CLIENT_KEY_FILE = 'portal-client-key';
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/**
 * The portal's private_key_jwt key of a development installation: a P-256 private key as 64 hex
 * digits, from 32 random bytes brought into 1 … n − 1.
 */
export const developmentPortalClientKey = (devDir: string) =>
  developmentSecret(devDir, PORTAL_CLIENT_KEY_FILE, (bytes) => ((BigInt(`0x${bytes.toString('hex')}`) % (P256_ORDER - 1n)) + 1n).toString(16).padStart(64, '0'));

const ADMIN_CLIENT_KEY_FILE = 'admin-client-key';

/** The console's private_key_jwt key of a development installation, made as the portal's is. */
export const developmentAdminClientKey = (devDir: string) =>
  developmentSecret(devDir, ADMIN_CLIENT_KEY_FILE, (bytes) => ((BigInt(`0x${bytes.toString('hex')}`) % (P256_ORDER - 1n)) + 1n).toString(16).padStart(64, '0'));
