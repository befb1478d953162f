/**
 * The standard security handler's file key from the empty user password (ISO 32000-2 §7.6.4.3):
 * algorithms 2 and 4/5 for revisions 2–4, 2.A and 2.B for revisions 5 and 6. A file whose empty
 * user password does not open it needs a password the signer does not have: it is refused.
 */
import { createDecipheriv, createCipheriv, createHash } from 'node:crypto';
import { PdfError, malformed } from '../errors';
import { rc4 } from './rc4';

export const PASSWORD_PADDING = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

export interface StandardSecurityParameters {
  revision: number;
  /** Key length in bytes (revisions 2–4). */
  keyLength: number;
  owner: Buffer;
  user: Buffer;
  userEncrypted?: Buffer;
  permissions: number;
  encryptMetadata: boolean;
  firstId: Buffer;
}

const refuse = () => new PdfError('pdf-encrypted-user-password', 'the document is encrypted with a user password: it cannot be opened to be signed');

export function fileKeyFromEmptyPassword(p: StandardSecurityParameters): Buffer {
  if (p.revision >= 2 && p.revision <= 4) return legacyFileKey(p);
  if (p.revision === 5 || p.revision === 6) return aes256FileKey(p);
  throw new PdfError('pdf-encrypted-unsupported', `standard security handler revision ${p.revision} is not supported`);
}

function legacyFileKey(p: StandardSecurityParameters): Buffer {
  if (p.owner.length < 32 || p.user.length < 32) throw malformed('the encryption dictionary has short /O or /U strings');
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(p.permissions | 0);
  const hash = createHash('md5').update(PASSWORD_PADDING).update(p.owner.subarray(0, 32)).update(permissions).update(p.firstId);
  if (p.revision >= 4 && !p.encryptMetadata) hash.update(Buffer.from([0xff, 0xff, 0xff, 0xff]));
  let key = hash.digest();
  const n = p.revision === 2 ? 5 : p.keyLength;
  if (p.revision >= 3) for (let i = 0; i < 50; i++) key = createHash('md5').update(key.subarray(0, n)).digest();
  key = key.subarray(0, n);
  if (!legacyUserPasswordMatches(key, p)) throw refuse();
  return key;
}

function legacyUserPasswordMatches(key: Buffer, p: StandardSecurityParameters): boolean {
  if (p.revision === 2) return rc4(key, PASSWORD_PADDING).equals(p.user.subarray(0, 32));
  let value: Buffer = createHash('md5').update(PASSWORD_PADDING).update(p.firstId).digest();
  for (let i = 0; i < 20; i++) value = rc4(Buffer.from(key.map((byte) => byte ^ i)), value);
  return value.equals(p.user.subarray(0, 16));
}

function aes256FileKey(p: StandardSecurityParameters): Buffer {
  if (p.user.length < 48 || !p.userEncrypted || p.userEncrypted.length < 32) throw malformed('the encryption dictionary has short /U or /UE strings');
  const password = Buffer.alloc(0);
  const validationSalt = p.user.subarray(32, 40);
  const keySalt = p.user.subarray(40, 48);
  const check = p.revision === 5 ? sha256(password, validationSalt) : hardenedHash(password, validationSalt, Buffer.alloc(0));
  if (!check.equals(p.user.subarray(0, 32))) throw refuse();
  const intermediate = p.revision === 5 ? sha256(password, keySalt) : hardenedHash(password, keySalt, Buffer.alloc(0));
  const decipher = createDecipheriv('aes-256-cbc', intermediate, Buffer.alloc(16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(p.userEncrypted.subarray(0, 32)), decipher.final()]);
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** Algorithm 2.B (revision 6). */
function hardenedHash(password: Buffer, salt: Buffer, userKey: Buffer): Buffer {
  let k = sha256(password, salt, userKey);
  for (let round = 0; ; round++) {
    const block = Buffer.concat([password, k, userKey]);
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => block));
    const cipher = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    cipher.setAutoPadding(false);
    const e = Buffer.concat([cipher.update(k1), cipher.final()]);
    // The first 16 bytes as a big-endian number, modulo 3: 256 ≡ 1 (mod 3), so the sum of the bytes will do.
    let sum = 0;
    for (let i = 0; i < 16; i++) sum += e[i];
    k = createHash(['sha256', 'sha384', 'sha512'][sum % 3]).update(e).digest();
    if (round >= 63 && e[e.length - 1] <= round + 1 - 32) break;
  }
  return k.subarray(0, 32);
}
