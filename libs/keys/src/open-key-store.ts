import { KeyStoreError, type KeyStore } from './key-store';
import { parseKeyStoreMasterKey } from './keystore-master-key';
import { Pkcs11KeyStore } from './pkcs11-key-store';
import { SoftwareKeyStore } from './software-key-store';

/** Which key store to open, as the composition root read it from its configuration. */
export type KeyStoreConfig =
  | {
      kind: 'software';
      /** Folder of the encrypted key files. */
      directory: string;
      /** 32 bytes, or their text form (64 hex characters or base64, see parseKeyStoreMasterKey). */
      masterKey: Buffer | string;
    }
  | {
      kind: 'pkcs11';
      /** Path of the PKCS#11 module. */
      library: string;
      tokenLabel: string;
      pin: string;
      /** Sessions for concurrent operations (default 4). */
      sessions?: number;
    };

/**
 * The key store the configuration names. Nothing is made up here: a development installation that
 * wants a master key generated on first start makes it before calling (see @theqa/ca-service).
 */
export async function openKeyStore(config: KeyStoreConfig): Promise<KeyStore> {
  switch (config.kind) {
    case 'software': {
      if (typeof config.masterKey !== 'string') return new SoftwareKeyStore({ directory: config.directory, masterKey: config.masterKey });
      const masterKey = parseKeyStoreMasterKey(config.masterKey);
      try {
        return new SoftwareKeyStore({ directory: config.directory, masterKey });
      } finally {
        masterKey.fill(0); // the store keeps a copy of its own
      }
    }
    case 'pkcs11':
      return Pkcs11KeyStore.open({ library: config.library, tokenLabel: config.tokenLabel, pin: config.pin, sessions: config.sessions });
    default:
      throw new KeyStoreError(`unknown key store kind ${JSON.stringify((config as { kind?: unknown }).kind)}`);
  }
}
