import type { KeyStoreConfig } from '@theqa/keys';
import type { CaSettings } from './ca-settings';
import { developmentSecret } from './development-secret';

/**
 * The key store the settings name, as @theqa/keys opens it. In development without THEQA_KEYSTORE_KEY, a
 * master key is made once and kept beside the keys in the git-ignored dev folder, so that `npm start`
 * needs no setup; production refuses to start without one (see readCaSettings).
 */
export function keyStoreConfig(settings: CaSettings): KeyStoreConfig {
  const config = settings.keyStore;
  if (config.kind === 'pkcs11') return config;
  const masterKey = config.masterKey ?? developmentSecret(settings.devDir, 'keystore-master.key', (bytes) => bytes.toString('hex'));
  return { kind: 'software', directory: config.directory, masterKey };
}
