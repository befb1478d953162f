/**
 * The standard security handler of an encrypted document (§7.6): which method encrypts strings and
 * which streams (RC4, AES-128 or AES-256, by crypt filter), and the per-object keys of algorithm 1.
 * The signer reads with it and encrypts the objects of its incremental update with the same key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { PdfError, malformed } from '../errors';
import { PdfDict, PdfName, PdfString, type PdfObject } from '../pdf/objects';
import { fileKeyFromEmptyPassword } from './file-key';
import { rc4 } from './rc4';

type Method = 'none' | 'rc4' | 'aes128' | 'aes256';

export class DocumentCipher {
  private constructor(
    private readonly fileKey: Buffer,
    private readonly stringMethod: Method,
    private readonly streamMethod: Method,
    readonly revision: number,
    readonly permissions: number,
  ) {}

  static open(encrypt: PdfDict, id: PdfObject | undefined): DocumentCipher {
    const filter = encrypt.nameOf('Filter');
    if (filter !== 'Standard') {
      throw new PdfError('pdf-encrypted-unsupported', `the document is encrypted with the ${filter ?? 'unnamed'} security handler: only the standard one is supported`);
    }
    const version = integer(encrypt.get('V'), 0);
    const revision = integer(encrypt.get('R'), 0);
    const firstId = Array.isArray(id) && id[0] instanceof PdfString ? id[0].bytes : Buffer.alloc(0);
    const permissions = integer(encrypt.get('P'), -1);
    const method = version === 4 || version === 5 ? undefined : version === 1 || version === 2 ? 'rc4' : null;
    if (method === null) throw new PdfError('pdf-encrypted-unsupported', `encryption algorithm version ${version} is not supported`);
    const keyLength = version === 1 ? 5 : Math.floor(integer(encrypt.get('Length'), version === 4 ? 128 : 40) / 8);
    if (version < 5 && (keyLength < 5 || keyLength > 16)) throw malformed('invalid key length in the encryption dictionary');
    const fileKey = fileKeyFromEmptyPassword({
      revision,
      keyLength,
      owner: bytes(encrypt.get('O')),
      user: bytes(encrypt.get('U')),
      userEncrypted: encrypt.has('UE') ? bytes(encrypt.get('UE')) : undefined,
      permissions,
      encryptMetadata: encrypt.get('EncryptMetadata') !== false,
      firstId,
    });
    const stringMethod = method ?? cryptFilterMethod(encrypt, 'StrF');
    const streamMethod = method ?? cryptFilterMethod(encrypt, 'StmF');
    return new DocumentCipher(fileKey, stringMethod, streamMethod, revision, permissions);
  }

  /**
   * Whether the permissions let anyone add a signature: "fill in forms and sign" (bit 9, revision 3
   * and later) or "add or modify annotations, fill in forms" (bit 6), as Acrobat reads them.
   */
  get permitsSigning(): boolean {
    const p = this.permissions;
    return (p & (1 << 5)) !== 0 || (this.revision >= 3 && (p & (1 << 8)) !== 0);
  }

  decryptString(data: Buffer, num: number, gen: number): Buffer {
    return this.decrypt(this.stringMethod, data, num, gen);
  }

  decryptStream(data: Buffer, num: number, gen: number): Buffer {
    return this.decrypt(this.streamMethod, data, num, gen);
  }

  encryptString(data: Buffer, num: number, gen: number): Buffer {
    return this.encrypt(this.stringMethod, data, num, gen);
  }

  encryptStream(data: Buffer, num: number, gen: number): Buffer {
    return this.encrypt(this.streamMethod, data, num, gen);
  }

  private decrypt(method: Method, data: Buffer, num: number, gen: number): Buffer {
    switch (method) {
      case 'none':
        return data;
      case 'rc4':
        return rc4(this.objectKey(num, gen, false), data);
      case 'aes128':
      case 'aes256': {
        if (data.length <= 16) return Buffer.alloc(0);
        if (data.length % 16 !== 0) throw malformed(`an AES-encrypted string or stream of object ${num} has an invalid length`);
        const key = method === 'aes256' ? this.fileKey : this.objectKey(num, gen, true);
        try {
          const decipher = createDecipheriv(method === 'aes256' ? 'aes-256-cbc' : 'aes-128-cbc', key, data.subarray(0, 16));
          return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
        } catch {
          throw malformed(`object ${num} does not decrypt`);
        }
      }
    }
  }

  private encrypt(method: Method, data: Buffer, num: number, gen: number): Buffer {
    switch (method) {
      case 'none':
        return data;
      case 'rc4':
        return rc4(this.objectKey(num, gen, false), data);
      case 'aes128':
      case 'aes256': {
        const key = method === 'aes256' ? this.fileKey : this.objectKey(num, gen, true);
        const iv = randomBytes(16);
        const cipher = createCipheriv(method === 'aes256' ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
        return Buffer.concat([iv, cipher.update(data), cipher.final()]);
      }
    }
  }

  /** Algorithm 1: the file key extended with the object number and generation (and "sAlT" for AES). */
  private objectKey(num: number, gen: number, aes: boolean): Buffer {
    const extension = Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff]);
    const hash = createHash('md5').update(this.fileKey).update(extension);
    if (aes) hash.update('sAlT', 'latin1');
    return hash.digest().subarray(0, Math.min(this.fileKey.length + 5, 16));
  }
}

function cryptFilterMethod(encrypt: PdfDict, key: 'StrF' | 'StmF'): Method {
  const filterName = encrypt.nameOf(key) ?? 'Identity';
  if (filterName === 'Identity') return 'none';
  const filters = encrypt.get('CF');
  const filter = filters instanceof PdfDict ? filters.get(filterName) : undefined;
  if (!(filter instanceof PdfDict)) throw malformed(`the crypt filter /${filterName} is not defined`);
  const cfm = filter.get('CFM');
  const method = cfm instanceof PdfName ? cfm.value : 'None';
  switch (method) {
    case 'None':
      return 'none';
    case 'V2':
      return 'rc4';
    case 'AESV2':
      return 'aes128';
    case 'AESV3':
      return 'aes256';
    default:
      throw new PdfError('pdf-encrypted-unsupported', `the crypt filter method /${method} is not supported`);
  }
}

function integer(value: PdfObject | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

function bytes(value: PdfObject | undefined): Buffer {
  if (!(value instanceof PdfString)) throw malformed('the encryption dictionary lacks a required string');
  return value.bytes;
}
