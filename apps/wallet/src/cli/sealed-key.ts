import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { promisify } from 'node:util';
import { WalletError } from './wallet-error';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** The device private key as the CLI wallet keeps it: PKCS#8 under AES-256-GCM, key from scrypt(PIN). */
export interface SealedKey {
  format: 'theqa-wallet-key/1';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  ciphertext: string;
  tag: string;
}

// About 100 ms here: slow enough to tax guessing, quick enough for every approval.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function sealKey(pkcs8: Buffer, pin: string, bound: string): Promise<SealedKey> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, 32, PARAMS);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(bound, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  key.fill(0);
  return {
    format: 'theqa-wallet-key/1',
    kdf: { name: 'scrypt', N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

export async function openKey(sealed: SealedKey, pin: string, bound: string): Promise<Buffer> {
  const { N, r, p, salt } = sealed.kdf;
  const key = await scrypt(pin, Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: PARAMS.maxmem });
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(bound, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new WalletError('the PIN does not open this wallet\'s key (wrong PIN) — الرقم السري لا يفتح مفتاح هذه المحفظة', 'pin-wrong-local');
  } finally {
    key.fill(0);
  }
}
