import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { HASH_OF, SIGNATURE_ALGORITHM_OF, type KeyAlgorithm, type KeyStore, type MacKey, type SigningKey } from '../key-store';

/**
 * Keys held in this object only, for tests and benchmarks that want no key files. Signing is node:crypto
 * with the key objects, as in SoftwareKeyStore once a key is loaded.
 */
export class MemoryKeyStore implements KeyStore {
  readonly kind = 'software' as const;
  readonly keys = new Map<string, SigningKey>();

  async generateKey(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    if (this.keys.has(label)) throw new Error(`key ${label} exists`);
    const pair =
      algorithm === 'ec-p256' || algorithm === 'ec-p384'
        ? generateKeyPairSync('ec', { namedCurve: algorithm === 'ec-p256' ? 'P-256' : 'P-384' })
        : generateKeyPairSync('rsa', { modulusLength: algorithm === 'rsa-2048' ? 2048 : 3072 });
    const signatureAlgorithm = SIGNATURE_ALGORITHM_OF[algorithm];
    const key: SigningKey = {
      label,
      keyAlgorithm: algorithm,
      signatureAlgorithm,
      publicKeySpki: pair.publicKey.export({ type: 'spki', format: 'der' }),
      sign: async (data) => sign(HASH_OF[signatureAlgorithm], data, { key: pair.privateKey, dsaEncoding: 'der' }),
    };
    this.keys.set(label, key);
    return key;
  }

  async findKey(label: string) {
    return this.keys.get(label);
  }

  readonly #macSecrets = new Map<string, Buffer>();

  async macKey(label: string): Promise<MacKey> {
    let secret = this.#macSecrets.get(label);
    if (!secret) this.#macSecrets.set(label, (secret = randomBytes(32)));
    const key = secret;
    return { label, mac: async (data) => createHmac('sha256', key).update(data).digest() };
  }

  async close() {
    // Nothing to release: the keys live only in this object.
  }
}
