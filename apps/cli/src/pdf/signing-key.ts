import fs from 'node:fs';
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { assertKeyLabel, type KeyStore } from '@theqa/keys';
import { CliError } from '../output';

const KEY_STORE_PREFIX = 'keystore:';

/** What signs the CMS signed attributes: a key the operator holds in a file, or one of the key store's. */
export interface DocumentSigningKey {
  /** Where the key is, as the audit log names it: `file` or `keystore:<label>`. */
  source: string;
  /** DER SubjectPublicKeyInfo: checked against the certificate before anything is signed. */
  publicKeySpki: Buffer;
  /** Signs the bytes (hashing them with SHA-256); ECDSA signatures come DER-encoded, as CMS carries them. */
  sign(data: Buffer): Promise<Buffer>;
}

export const isKeyStoreReference = (key: string) => key.startsWith(KEY_STORE_PREFIX);

/** `--key FILE.pem`: an unencrypted PKCS#8 or SEC1/PKCS#1 PEM private key (EC or RSA). */
export function fileSigningKey(file: string): DocumentSigningKey {
  let key: KeyObject;
  try {
    key = createPrivateKey(fs.readFileSync(file));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a PEM private key (an encrypted key must be decrypted first)';
    throw new CliError(`--key ${file}: ${reason}`, 'key-unreadable');
  }
  if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'rsa') throw new CliError(`--key ${file}: an EC or RSA key is needed, not ${key.asymmetricKeyType}`, 'key-unsupported');
  const dsaEncoding = 'der' as const;
  return {
    source: 'file',
    publicKeySpki: createPublicKey(key).export({ format: 'der', type: 'spki' }),
    sign: async (data) => sign('sha256', data, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding } : key),
  };
}

/** `--key keystore:LABEL`: a key of the platform's key store (software or PKCS#11), which never leaves it. */
export async function keyStoreSigningKey(keyStore: KeyStore, reference: string): Promise<DocumentSigningKey> {
  const label = reference.slice(KEY_STORE_PREFIX.length);
  try {
    assertKeyLabel(label);
  } catch (error) {
    throw new CliError(`--key ${reference}: ${(error as Error).message}`, 'usage', 2);
  }
  const key = await keyStore.findKey(label);
  if (!key) throw new CliError(`--key ${reference}: the key store (${keyStore.kind}) holds no key labelled ${label}`, 'key-not-found');
  if (key.signatureAlgorithm === 'ecdsa-with-SHA384') {
    throw new CliError(`--key ${reference}: a P-384 key signs with SHA-384, and PAdES signatures here are SHA-256; use a P-256 or RSA key`, 'key-unsupported');
  }
  return { source: reference, publicKeySpki: key.publicKeySpki, sign: (data) => key.sign(data) };
}
