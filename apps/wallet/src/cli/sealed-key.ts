import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { WalletError } from './wallet-error';

/**
 * The device private key as the CLI wallet keeps it: PKCS#8 under AES-256-GCM (bound to the device
 * serial), with a key derived by HKDF-SHA256 from the unsealing secret, which only the server gives
 * out, and only for a right PIN that it counts (unsealing.ts). Nothing here depends on the PIN, so a
 * copy of the file has nothing to test a PIN against.
 */
export interface SealedKey {
  format: 'theqa-wallet-key/2';
  kdf: { name: 'hkdf-sha256'; salt: string };
  iv: string;
  ciphertext: string;
  tag: string;
}

/** What wallets wrote before server-assisted unsealing: sealed under scrypt(PIN), openable offline. Recognised only to be refused. */
export interface LegacySealedKey {
  format: 'theqa-wallet-key/1';
}

const INFO = 'theqa-wallet-key/2\u0000';

function wrappingKey(secret: Buffer, salt: Buffer, serial: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, INFO + serial, 32));
}

export function sealKey(pkcs8: Buffer, secret: Buffer, serial: string): SealedKey {
  const salt = randomBytes(16);
  const key = wrappingKey(secret, salt, serial);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(serial, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  key.fill(0);
  return {
    format: 'theqa-wallet-key/2',
    kdf: { name: 'hkdf-sha256', salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export function openKey(sealed: SealedKey, secret: Buffer, serial: string): Buffer {
  const key = wrappingKey(secret, Buffer.from(sealed.kdf.salt, 'base64'), serial);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(serial, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    // The server accepted the PIN, so the secret is this device's: the file is not the one it sealed.
    throw new WalletError(
      "the platform's unsealing secret does not open this wallet's key: the device was given a new key elsewhere (a PIN reset from another copy?); run pin reset here — سر فتح المفتاح لا يفتح مفتاح هذه المحفظة",
      'wallet-key-mismatch',
    );
  } finally {
    key.fill(0);
  }
}
