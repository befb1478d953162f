/**
 * The embedded/development key store: keys made by node:crypto, each kept in `<directory>/<label>.key.json`
 * as PKCS#8 DER sealed with AES-256-GCM under a caller-supplied master key. Production CAs use PKCS#11.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  sign as cryptoSign,
  type KeyObject,
} from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { assertKeyLabel } from './key-label';
import { HASH_OF, KeyStoreError, SIGNATURE_ALGORITHM_OF, type KeyAlgorithm, type KeyStore, type MacKey, type SigningKey } from './key-store';

const FORMAT = 'theqa-software-key/1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const generateKeyPairAsync = promisify(generateKeyPair);

export interface SoftwareKeyStoreOptions {
  /** Folder of the key files (created 0700 when missing), e.g. certs/dev/keys. */
  directory: string;
  /** 32 bytes; see parseKeyStoreMasterKey. The store keeps its own copy and wipes it on close. */
  masterKey: Buffer;
}

/** What a key file holds. Everything but the ciphertext and its IV and tag is authenticated as AAD. */
interface KeyFile {
  format: typeof FORMAT;
  label: string;
  algorithm: KeyAlgorithm;
  createdAt: string;
  publicKeySpki: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export class SoftwareKeyStore implements KeyStore {
  readonly kind = 'software' as const;
  readonly directory: string;
  // Private fields are neither enumerable nor serialised, so the key never shows up in logs or JSON.
  readonly #masterKey: Buffer;
  readonly #keys = new Map<string, SigningKey>();
  readonly #state = { closed: false };

  constructor(options: SoftwareKeyStoreOptions) {
    if (!Buffer.isBuffer(options.masterKey) || options.masterKey.length !== 32) {
      throw new KeyStoreError('software key store needs a 32-byte master key');
    }
    this.directory = path.resolve(options.directory);
    this.#masterKey = Buffer.from(options.masterKey);
  }

  async generateKey(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    this.#assertOpen();
    assertKeyLabel(label);
    if (!Object.hasOwn(SIGNATURE_ALGORITHM_OF, algorithm)) throw new KeyStoreError(`unsupported key algorithm ${JSON.stringify(algorithm)}`);
    const file = this.#fileOf(label);
    // Checked before generating so an RSA key is not made in vain; the exclusive link below is the real guard.
    if (await exists(file)) throw new KeyStoreError(`key "${label}" already exists`);

    const { privateKey, publicKey } = await generate(algorithm);
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const createdAt = new Date().toISOString();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(label, algorithm, createdAt, spki));
    const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
    pkcs8.fill(0);
    const record: KeyFile = {
      format: FORMAT,
      label,
      algorithm,
      createdAt,
      publicKeySpki: spki.toString('base64'),
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
    await this.#writeExclusive(label, `${JSON.stringify(record, null, 2)}\n`);
    const key = signingKey(label, algorithm, spki, privateKey, this.#state);
    this.#keys.set(label, key);
    return key;
  }

  async findKey(label: string): Promise<SigningKey | undefined> {
    this.#assertOpen();
    assertKeyLabel(label);
    const cached = this.#keys.get(label);
    if (cached) return cached;
    let text: string;
    try {
      text = await fs.readFile(this.#fileOf(label), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new KeyStoreError(`cannot read key "${label}": ${(error as NodeJS.ErrnoException).code ?? 'I/O error'}`);
    }
    const key = this.#open(label, parseKeyFile(label, text));
    this.#keys.set(label, key);
    return key;
  }

  /**
   * MAC keys are derived from the master key (HKDF-SHA256, the label as info) rather than stored: they
   * exist wherever the master key does and nowhere else, and a new label is a new, independent key.
   */
  async macKey(label: string): Promise<MacKey> {
    this.#assertOpen();
    assertKeyLabel(label);
    // A KeyObject, imported once: the gateway MACs a few times per login (pairwise subjects, cookie keys).
    const secret = createSecretKey(Buffer.from(hkdfSync('sha256', this.#masterKey, 'theqa-mac-key/1', label, 32)));
    const state = this.#state;
    return Object.freeze({
      label,
      async mac(data: Buffer): Promise<Buffer> {
        if (state.closed) throw new KeyStoreError('key store is closed');
        return createHmac('sha256', secret).update(data).digest();
      },
    });
  }

  async close(): Promise<void> {
    this.#state.closed = true;
    this.#keys.clear();
    this.#masterKey.fill(0);
  }

  #open(label: string, record: KeyFile): SigningKey {
    const spki = Buffer.from(record.publicKeySpki, 'base64');
    let pkcs8: Buffer | undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#masterKey, Buffer.from(record.iv, 'base64'), { authTagLength: TAG_BYTES });
      // AAD from the label asked for, not the file's own field: a file copied over another label fails here.
      decipher.setAAD(additionalData(label, record.algorithm, record.createdAt, spki));
      decipher.setAuthTag(Buffer.from(record.tag, 'base64'));
      // GCM is a stream mode: update() yields all the plaintext and final() only checks the tag.
      pkcs8 = decipher.update(Buffer.from(record.ciphertext, 'base64'));
      decipher.final();
    } catch {
      pkcs8?.fill(0);
      // No cause attached: nothing from the decryption attempt belongs in an error or a log line.
      throw new KeyStoreError(`key "${label}" cannot be decrypted: wrong master key, or the key file was altered or belongs to another label`);
    }
    try {
      const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
      if (!createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).equals(spki)) throw new Error('mismatch');
      return signingKey(label, record.algorithm, spki, privateKey, this.#state);
    } catch {
      throw new KeyStoreError(`key "${label}" decrypts to a private key that does not match its public key`);
    } finally {
      pkcs8.fill(0);
    }
  }

  async #writeExclusive(label: string, content: string): Promise<void> {
    const created = await fs.mkdir(this.directory, { recursive: true, mode: 0o700 });
    if (!created) {
      const { mode } = await fs.stat(this.directory);
      if (mode & 0o077) {
        throw new KeyStoreError(`key directory ${this.directory} is open to other users (mode ${(mode & 0o777).toString(8)}): chmod 700 it`);
      }
    }
    const temporary = path.join(this.directory, `.${label}.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // link() publishes the complete file atomically and fails if the label exists, even under a race.
      await fs.link(temporary, this.#fileOf(label));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new KeyStoreError(`key "${label}" already exists`);
      throw error;
    } finally {
      await fs.unlink(temporary).catch(() => undefined);
    }
  }

  #fileOf(label: string): string {
    return path.join(this.directory, `${label}.key.json`);
  }

  #assertOpen(): void {
    if (this.#state.closed) throw new KeyStoreError('key store is closed');
  }
}

function signingKey(label: string, keyAlgorithm: KeyAlgorithm, publicKeySpki: Buffer, privateKey: KeyObject, state: { closed: boolean }): SigningKey {
  const signatureAlgorithm = SIGNATURE_ALGORITHM_OF[keyAlgorithm];
  const hash = HASH_OF[signatureAlgorithm];
  // dsaEncoding 'der' gives X.509's Ecdsa-Sig-Value; RSA ignores it and uses PKCS#1 v1.5 by default.
  const options = { key: privateKey, dsaEncoding: 'der' as const };
  return Object.freeze({
    label,
    keyAlgorithm,
    signatureAlgorithm,
    publicKeySpki,
    async sign(data: Buffer): Promise<Buffer> {
      if (state.closed) throw new KeyStoreError('key store is closed');
      return cryptoSign(hash, data, options);
    },
  });
}

function generate(algorithm: KeyAlgorithm): Promise<{ publicKey: KeyObject; privateKey: KeyObject }> {
  switch (algorithm) {
    case 'ec-p256':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'ec-p384':
      return generateKeyPairAsync('ec', { namedCurve: 'P-384' });
    case 'rsa-2048':
      return generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 65537 });
    case 'rsa-3072':
      return generateKeyPairAsync('rsa', { modulusLength: 3072, publicExponent: 65537 });
  }
}

function additionalData(label: string, algorithm: KeyAlgorithm, createdAt: string, spki: Buffer): Buffer {
  return Buffer.from(JSON.stringify([FORMAT, label, algorithm, createdAt, spki.toString('base64')]), 'utf8');
}

function parseKeyFile(label: string, text: string): KeyFile {
  let record: Partial<KeyFile>;
  try {
    record = JSON.parse(text) as Partial<KeyFile>;
  } catch {
    throw new KeyStoreError(`key file of "${label}" is not valid JSON`);
  }
  const strings = ['label', 'algorithm', 'createdAt', 'publicKeySpki', 'iv', 'ciphertext', 'tag'] as const;
  if (record?.format !== FORMAT || strings.some((field) => typeof record[field] !== 'string')) {
    throw new KeyStoreError(`key file of "${label}" is not a ${FORMAT} file`);
  }
  // Canonical base64 only: Node's decoder skips stray characters and padding bits, which would let an
  // altered file decode to the same bytes and make tampering checks depend on where the change falls.
  if (['publicKeySpki', 'iv', 'ciphertext', 'tag'].some((field) => !isCanonicalBase64(record[field as keyof KeyFile] as string))) {
    throw new KeyStoreError(`key file of "${label}" has a malformed base64 field`);
  }
  if (!Object.hasOwn(SIGNATURE_ALGORITHM_OF, record.algorithm as string)) throw new KeyStoreError(`key file of "${label}" names an unknown algorithm`);
  if (record.label !== label) throw new KeyStoreError(`key file of "${label}" holds key ${JSON.stringify(String(record.label).slice(0, 80))}`);
  return record as KeyFile;
}

function isCanonicalBase64(text: string): boolean {
  return text.length > 0 && Buffer.from(text, 'base64').toString('base64') === text;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
