import { KeyStoreError } from './key-store';

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const BASE64_32 = /^[A-Za-z0-9+/]{43}=?$/;
const BASE64URL_32 = /^[A-Za-z0-9_-]{43}=?$/;

/**
 * The software key store's 32-byte master key from its text form (an environment variable such as
 * THEQA_KEYSTORE_KEY): 64 hex characters, or base64 / base64url. Errors never echo the value.
 */
export function parseKeyStoreMasterKey(value: string): Buffer {
  const text = typeof value === 'string' ? value.trim() : '';
  const key = decode(text);
  if (!key) {
    throw new KeyStoreError(
      `key-store master key must be 32 bytes written as 64 hex characters or base64 (got ${text.length} characters); ` +
        'make one with `openssl rand -hex 32`',
    );
  }
  // A constant key is a placeholder someone forgot to replace, not a secret.
  if (key.every((byte) => byte === key[0])) throw new KeyStoreError('key-store master key is a constant byte repeated: generate a random one');
  return key;
}

function decode(text: string): Buffer | undefined {
  if (HEX_64.test(text)) return Buffer.from(text, 'hex');
  const encoding = BASE64_32.test(text) ? 'base64' : BASE64URL_32.test(text) ? 'base64url' : undefined;
  if (!encoding) return undefined;
  const key = Buffer.from(text, encoding);
  // Node decodes leniently; the round trip rejects non-canonical trailing bits.
  const canonical = key.toString(encoding).replace(/=+$/, '');
  return key.length === 32 && canonical === text.replace(/=+$/, '') ? key : undefined;
}
