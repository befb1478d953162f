import path from 'node:path';
import { z } from 'zod';

const schema = z.object({
  THEQA_ENV: z.enum(['development', 'production']).default('development'),
  THEQA_CERTS_DIR: z.string().min(1).default('certs'),
  THEQA_DEV_DIR: z.string().min(1).optional(),
  THEQA_KEYSTORE: z.enum(['software', 'pkcs11'], { message: 'must be software or pkcs11' }).default('software'),
  THEQA_KEYSTORE_DIR: z.string().min(1).optional(),
  THEQA_KEYSTORE_KEY: z.string().optional(),
  THEQA_PKCS11_LIBRARY: z.string().optional(),
  THEQA_PKCS11_TOKEN: z.string().optional(),
  THEQA_PKCS11_PIN: z.string().optional(),
  THEQA_OCSP_VALIDITY_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(4 * 3600),
  THEQA_CRL_VALIDITY_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(24),
  THEQA_ISSUANCE_WORKERS: z.coerce.number({ invalid_type_error: 'must be a whole number from 0 to 64' }).int().min(0).max(64).optional(),
});

export interface CaSettings {
  production: boolean;
  certsDir: string;
  /** Generated, git-ignored material of a development installation. */
  devDir: string;
  keyStore:
    | { kind: 'software'; directory: string; masterKey?: string }
    | { kind: 'pkcs11'; library: string; tokenLabel: string; pin: string };
  ocspValiditySeconds: number;
  crlValidityHours: number;
  /** Worker threads that verify CSRs and sign citizen certificates (0: the main thread does); software key store only. */
  issuanceWorkers: number;
}

export class CaSettingsError extends Error {}

/** The CA's settings from the environment, validated; a bad or missing value names the variable. */
export function readCaSettings(env: NodeJS.ProcessEnv, cwd = process.cwd()): CaSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new CaSettingsError(parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`).join('; '));
  }
  const s = parsed.data;
  const certsDir = path.resolve(cwd, s.THEQA_CERTS_DIR);
  const devDir = path.resolve(cwd, s.THEQA_DEV_DIR ?? path.join(certsDir, 'dev'));
  let keyStore: CaSettings['keyStore'];
  if (s.THEQA_KEYSTORE === 'pkcs11') {
    const { THEQA_PKCS11_LIBRARY: library, THEQA_PKCS11_TOKEN: tokenLabel, THEQA_PKCS11_PIN: pin } = s;
    if (!library || !tokenLabel || !pin) {
      const missing = Object.entries({ THEQA_PKCS11_LIBRARY: library, THEQA_PKCS11_TOKEN: tokenLabel, THEQA_PKCS11_PIN: pin }).filter(([, v]) => !v);
      throw new CaSettingsError(`THEQA_KEYSTORE=pkcs11 needs ${missing.map(([name]) => name).join(', ')}`);
    }
    keyStore = { kind: 'pkcs11', library, tokenLabel, pin };
  } else {
    if (s.THEQA_ENV === 'production' && !s.THEQA_KEYSTORE_KEY) {
      throw new CaSettingsError('THEQA_KEYSTORE_KEY is required in production (or use THEQA_KEYSTORE=pkcs11)');
    }
    keyStore = { kind: 'software', directory: path.resolve(cwd, s.THEQA_KEYSTORE_DIR ?? path.join(devDir, 'keys')), masterKey: s.THEQA_KEYSTORE_KEY };
  }
  return {
    production: s.THEQA_ENV === 'production',
    certsDir,
    devDir,
    keyStore,
    ocspValiditySeconds: s.THEQA_OCSP_VALIDITY_SECONDS,
    crlValidityHours: s.THEQA_CRL_VALIDITY_HOURS,
    // Off by default: on the 2-core reference machine (a VM, where waking another thread is costly) the
    // messages cost more than the signing they move, so issuance was faster on the main thread (decisions.md).
    issuanceWorkers: s.THEQA_ISSUANCE_WORKERS ?? 0,
  };
}
