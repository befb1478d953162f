import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Pkcs11KeyStore, SoftwareKeyStore, parseKeyStoreMasterKey, type KeyStore } from '@theqa/ca';
import type { CaSettings } from './ca-settings';

/**
 * The key store the settings name. In development without THEQA_KEYSTORE_KEY, a master key is made
 * once and kept beside the keys in the git-ignored dev folder, so that `npm start` needs no setup;
 * production refuses to start without one (see readCaSettings).
 */
export async function openKeyStore(settings: CaSettings): Promise<KeyStore> {
  const config = settings.keyStore;
  if (config.kind === 'pkcs11') return Pkcs11KeyStore.open({ library: config.library, tokenLabel: config.tokenLabel, pin: config.pin });
  const masterKey = parseKeyStoreMasterKey(config.masterKey ?? developmentMasterKey(settings.devDir));
  return new SoftwareKeyStore({ directory: config.directory, masterKey });
}

function developmentMasterKey(devDir: string): string {
  const file = path.join(devDir, 'keystore-master.key');
  fs.mkdirSync(devDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
