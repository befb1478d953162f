import { Pkcs11KeyStore, SoftwareKeyStore, parseKeyStoreMasterKey, type KeyStore } from '@theqa/ca';
import type { CaSettings } from './ca-settings';
import { developmentSecret } from './development-secret';

/**
 * The key store the settings name. In development without THEQA_KEYSTORE_KEY, a master key is made
 * once and kept beside the keys in the git-ignored dev folder, so that `npm start` needs no setup;
 * production refuses to start without one (see readCaSettings).
 */
export async function openKeyStore(settings: CaSettings): Promise<KeyStore> {
  const config = settings.keyStore;
  if (config.kind === 'pkcs11') return Pkcs11KeyStore.open({ library: config.library, tokenLabel: config.tokenLabel, pin: config.pin });
  const masterKey = parseKeyStoreMasterKey(config.masterKey ?? developmentSecret(settings.devDir, 'keystore-master.key', (bytes) => bytes.toString('hex')));
  return new SoftwareKeyStore({ directory: config.directory, masterKey });
}
