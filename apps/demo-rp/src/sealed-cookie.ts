import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DemoRpKeyError } from './client-key';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Why a sealed value was refused: not ours or altered (`tampered`), or past its lifetime (`expired`). */
export class SealedValueError extends Error {
  constructor(readonly reason: 'tampered' | 'expired') {
    super(reason === 'expired' ? 'the sealed value has expired' : 'the sealed value is malformed or was altered');
    this.name = 'SealedValueError';
  }
}

/**
 * Seals small JSON values for cookies with AES-256-GCM: `v1.<base64url(iv ‖ ciphertext ‖ tag)>`. The
 * cookie's name is the additional authenticated data, so a value sealed for one cookie is refused under
 * another; the expiry travels inside the ciphertext, so an old value replayed after its cookie's
 * Max-Age is refused too.
 */
export class CookieSealer {
  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length !== KEY_BYTES) throw new TypeError(`the cookie key must be ${KEY_BYTES} bytes`);
  }

  seal(name: string, data: unknown, ttlSeconds: number): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(name, 'utf8'));
    const plain = Buffer.from(JSON.stringify({ exp: Math.floor(this.now() / 1000) + ttlSeconds, data }), 'utf8');
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}.${sealed.toString('base64url')}`;
  }

  open<T>(name: string, value: string): T {
    const [version, body, ...rest] = value.split('.');
    if (version !== VERSION || !body || rest.length || !/^[A-Za-z0-9_-]+$/.test(body)) throw new SealedValueError('tampered');
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < IV_BYTES + TAG_BYTES + 1) throw new SealedValueError('tampered');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SealedValueError('tampered');
    }
    const { exp, data } = JSON.parse(plain.toString('utf8')) as { exp: number; data: T };
    if (!(typeof exp === 'number' && exp > Math.floor(this.now() / 1000))) throw new SealedValueError('expired');
    return data;
  }
}

/**
 * The cookie key: 32 random bytes in `<dir>/cookie-key` (mode 0600), made by the first instance that
 * needs it and shared by every instance using the same folder, so any of them can open a cookie that
 * another sealed. Creation is atomic (written aside, then hard-linked into place), so two instances
 * starting together agree on one key.
 */
export function loadOrCreateCookieKey(dir: string): Buffer {
  const file = path.join(dir, 'cookie-key');
  const existing = readKey(file);
  if (existing) return existing;
  const aside = path.join(dir, `.cookie-key.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    fs.writeFileSync(aside, randomBytes(KEY_BYTES), { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } catch (error) {
    throw new DemoRpKeyError(`the cookie key ${file} cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    fs.rmSync(aside, { force: true });
  }
  const key = readKey(file);
  if (!key) throw new DemoRpKeyError(`the cookie key ${file} cannot be read after it was created`);
  return key;
}

function readKey(file: string): Buffer | undefined {
  let key: Buffer;
  try {
    key = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DemoRpKeyError(`the cookie key ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (key.length !== KEY_BYTES) throw new DemoRpKeyError(`the cookie key ${file} must hold exactly ${KEY_BYTES} bytes (it holds ${key.length}); delete it to have a new one made`);
  return key;
}
