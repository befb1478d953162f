/**
 * CA keys on a PKCS#11 token (an HSM in production, SoftHSM2 in tests): generated on the token as
 * sensitive, non-extractable private objects. Data is hashed here and only the digest goes to the token,
 * so a 40 MB CRL costs the token one small operation.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  KeyGenMechanism,
  KeyType,
  MechanismEnum,
  ObjectClass,
  SessionFlag,
  TokenFlag,
  UserType,
  type ITemplate,
  type Module,
  type PrivateKey,
  type PublicKey,
  type SecretKey,
  type Session,
  type SessionObject,
  type Slot,
} from 'graphene-pk11';
import { ECDSA_COORDINATE_SIZE, ecdsaRawToDer } from './ecdsa-signature';
import { assertKeyLabel } from './key-label';
import { acquireModule, matchesLogin, rememberLogin, releaseModule } from './pkcs11-module';
import { SessionPool } from './pkcs11-session-pool';
import { HASH_OF, KeyStoreError, SIGNATURE_ALGORITHM_OF, type KeyAlgorithm, type KeyStore, type MacKey, type SigningKey } from './key-store';
import { EC_PARAMS, ecPublicKeySpki, rsaPublicKeySpki, type EcKeyAlgorithm } from './token-public-key';

export interface Pkcs11KeyStoreOptions {
  /** Path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  library: string;
  /** CKA token label of the token to use; exactly one initialised token must carry it. */
  tokenLabel: string;
  /** User PIN. */
  pin: string;
  /** Sessions opened for concurrent operations (default 4); callers beyond that queue. */
  sessions?: number;
}

/** DER DigestInfo up to the digest (RFC 8017 §9.2 note 1): CKM_RSA_PKCS pads, but does not add this. */
const DIGEST_INFO_PREFIX = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

/** Labels being generated in this process, per module and slot: PKCS#11 has no create-if-absent. */
const generating = new Set<string>();

const CURVE_OF_PARAMS = new Map<string, EcKeyAlgorithm>(
  (Object.entries(EC_PARAMS) as Array<[EcKeyAlgorithm, Buffer]>).map(([algorithm, params]) => [params.toString('hex'), algorithm]),
);

export class Pkcs11KeyStore implements KeyStore {
  readonly kind = 'pkcs11' as const;
  readonly tokenLabel: string;
  readonly #module: Module;
  readonly #pool: SessionPool;
  readonly #slotId: string;
  readonly #keys = new Map<string, SigningKey>();
  #closed = false;

  private constructor(module: Module, slot: Slot, pool: SessionPool, tokenLabel: string) {
    this.#module = module;
    this.#slotId = slot.handle.toString('hex');
    this.#pool = pool;
    this.tokenLabel = tokenLabel;
  }

  /** Loads the module (once per process), finds the token by label and logs in. */
  static async open(options: Pkcs11KeyStoreOptions): Promise<Pkcs11KeyStore> {
    const sessions = options.sessions ?? 4;
    if (!Number.isInteger(sessions) || sessions < 1) throw new KeyStoreError('sessions must be a positive integer');
    let module: Module;
    try {
      module = acquireModule(options.library);
    } catch (error) {
      throw new KeyStoreError(`cannot load PKCS#11 module ${options.library}: ${reason(error)}`);
    }
    let session: Session | undefined;
    try {
      const slot = findTokenSlot(module, options.tokenLabel);
      session = slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
      login(module, slot, session, options.pin, options.tokenLabel);
      return new Pkcs11KeyStore(module, slot, new SessionPool(slot, sessions, session), options.tokenLabel);
    } catch (error) {
      try {
        session?.close();
      } finally {
        releaseModule(module);
      }
      throw error instanceof KeyStoreError ? error : new KeyStoreError(`cannot open PKCS#11 token "${options.tokenLabel}": ${reason(error)}`);
    }
  }

  async generateKey(label: string, algorithm: KeyAlgorithm): Promise<SigningKey> {
    this.#assertOpen();
    assertKeyLabel(label);
    if (algorithm !== 'ec-p256' && algorithm !== 'ec-p384' && algorithm !== 'rsa-2048' && algorithm !== 'rsa-3072') {
      throw new KeyStoreError(`unsupported key algorithm ${JSON.stringify(algorithm)}`);
    }
    // The set closes the race between stores of this process; the recount below the one between processes.
    const claim = `${this.#module.libFile}\0${this.#slotId}\0${label}`;
    if (generating.has(claim)) throw new KeyStoreError(`key "${label}" already exists`);
    generating.add(claim);
    try {
      return await this.#pool.use(async (session) => {
        if (session.find({ label }).length > 0) throw new KeyStoreError(`key "${label}" already exists`);
        const id = randomBytes(16);
        const keys = await generateOnToken(session, algorithm, label, id).catch((error: unknown) => {
          throw new KeyStoreError(`token "${this.tokenLabel}" could not generate ${algorithm} key "${label}": ${reason(error)}`);
        });
        if (session.find({ class: ObjectClass.PRIVATE_KEY, label }).length > 1) {
          keys.privateKey.destroy();
          keys.publicKey.destroy();
          throw new KeyStoreError(`key "${label}" already exists`);
        }
        const key = this.#signingKey(label, keys.privateKey, keys.publicKey);
        this.#keys.set(label, key);
        return key;
      });
    } finally {
      generating.delete(claim);
    }
  }

  async findKey(label: string): Promise<SigningKey | undefined> {
    this.#assertOpen();
    assertKeyLabel(label);
    const cached = this.#keys.get(label);
    if (cached) return cached;
    return this.#pool.use((session) => {
      const privateKeys = session.find({ class: ObjectClass.PRIVATE_KEY, label });
      if (privateKeys.length === 0) return undefined;
      if (privateKeys.length > 1) throw new KeyStoreError(`token "${this.tokenLabel}" holds ${privateKeys.length} private keys labelled "${label}"`);
      const privateKey = privateKeys.items(0).toType<PrivateKey>();
      const { id } = privateKey.getAttribute({ id: null }) as { id: Buffer };
      // CKA_ID pairs the objects; a label can be reused by a certificate or a stray public key.
      const publicKeys = session.find(id?.length ? { class: ObjectClass.PUBLIC_KEY, id } : { class: ObjectClass.PUBLIC_KEY, label });
      if (publicKeys.length !== 1) throw new KeyStoreError(`token "${this.tokenLabel}" holds no single public key for "${label}"`);
      const key = this.#signingKey(label, privateKey, publicKeys.items(0).toType<PublicKey>());
      this.#keys.set(label, key);
      return key;
    });
  }

  /** A generic secret made on the token (sensitive, non-extractable) and used with CKM_SHA256_HMAC there. */
  async macKey(label: string): Promise<MacKey> {
    this.#assertOpen();
    assertKeyLabel(label);
    const handle = await this.#pool.use((session) => {
      const found = session.find({ class: ObjectClass.SECRET_KEY, label });
      if (found.length > 1) throw new KeyStoreError(`token "${this.tokenLabel}" holds ${found.length} secret keys labelled "${label}"`);
      if (found.length === 1) return found.items(0).handle;
      const key = session.generateKey(KeyGenMechanism.GENERIC_SECRET, {
        keyType: KeyType.GENERIC_SECRET,
        label,
        token: true,
        private: true,
        sensitive: true,
        extractable: false,
        sign: true,
        verify: true,
        valueLen: 32,
      });
      return key.handle;
    });
    const pool = this.#pool;
    const assertOpen = () => this.#assertOpen();
    return Object.freeze({
      label,
      async mac(data: Buffer): Promise<Buffer> {
        assertOpen();
        return pool.use((session) => {
          const key = session.getObject<SecretKey>(handle);
          if (!key) throw new KeyStoreError(`secret key "${label}" is gone from the token`);
          return session.createSign(MechanismEnum.SHA256_HMAC, key).once(data);
        });
      },
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#keys.clear();
    try {
      await this.#pool.close();
    } finally {
      releaseModule(this.#module);
    }
  }

  #signingKey(label: string, privateKey: PrivateKey, publicKey: PublicKey): SigningKey {
    const { keyAlgorithm, publicKeySpki } = describePublicKey(publicKey, label);
    const signatureAlgorithm = SIGNATURE_ALGORITHM_OF[keyAlgorithm];
    const hash = HASH_OF[signatureAlgorithm];
    const ec = keyAlgorithm === 'ec-p256' || keyAlgorithm === 'ec-p384';
    const mechanism = ec ? MechanismEnum.ECDSA : MechanismEnum.RSA_PKCS;
    const pool = this.#pool;
    const tokenLabel = this.tokenLabel;
    return Object.freeze({
      label,
      keyAlgorithm,
      signatureAlgorithm,
      publicKeySpki,
      async sign(data: Buffer): Promise<Buffer> {
        const digest = createHash(hash).update(data).digest();
        const input = ec ? digest : Buffer.concat([DIGEST_INFO_PREFIX[hash], digest]);
        const signature = await pool.use((session) => signOnToken(session, mechanism, privateKey, input)).catch((error: unknown) => {
          throw error instanceof KeyStoreError ? error : new KeyStoreError(`token "${tokenLabel}" could not sign with "${label}": ${reason(error)}`);
        });
        return ec ? ecdsaRawToDer(signature) : signature;
      },
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw new KeyStoreError('key store is closed');
  }
}

function findTokenSlot(module: Module, tokenLabel: string): Slot {
  const slots = module.getSlots(true);
  const labels: string[] = [];
  const matches: Slot[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    const token = slot.getToken();
    if (!(token.flags & TokenFlag.TOKEN_INITIALIZED)) continue;
    labels.push(JSON.stringify(token.label));
    if (token.label === tokenLabel) matches.push(slot);
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new KeyStoreError(`${matches.length} PKCS#11 tokens are labelled "${tokenLabel}"; token labels must be unique`);
  throw new KeyStoreError(`no PKCS#11 token labelled "${tokenLabel}" in ${module.libFile} (initialised tokens: ${labels.join(', ') || 'none'})`);
}

function login(module: Module, slot: Slot, session: Session, pin: string, tokenLabel: string): void {
  const slotId = slot.handle.toString('hex');
  try {
    session.login(pin, UserType.USER);
    rememberLogin(module, slotId, pin);
  } catch (error) {
    const code = reason(error);
    // Login state belongs to the application, not the session: another store on this token already did it.
    if (code.includes('CKR_USER_ALREADY_LOGGED_IN')) {
      if (matchesLogin(module, slotId, pin)) return;
      throw new KeyStoreError(`PIN rejected by PKCS#11 token "${tokenLabel}" (this process is already logged in to it with another PIN)`);
    }
    if (/CKR_PIN_(INCORRECT|INVALID|LEN_RANGE)/.test(code)) throw new KeyStoreError(`PIN rejected by PKCS#11 token "${tokenLabel}"`);
    if (code.includes('CKR_PIN_LOCKED')) throw new KeyStoreError(`PIN of PKCS#11 token "${tokenLabel}" is locked`);
    throw new KeyStoreError(`cannot log in to PKCS#11 token "${tokenLabel}": ${code}`);
  }
}

function generateOnToken(session: Session, algorithm: KeyAlgorithm, label: string, id: Buffer): Promise<{ privateKey: PrivateKey; publicKey: PublicKey }> {
  const ec = algorithm === 'ec-p256' || algorithm === 'ec-p384';
  const common = { token: true, label, id, keyType: ec ? KeyType.EC : KeyType.RSA };
  const publicTemplate: ITemplate = {
    ...common,
    private: false,
    verify: true,
    encrypt: false,
    wrap: false,
    ...(ec ? { paramsEC: EC_PARAMS[algorithm] } : { modulusBits: algorithm === 'rsa-2048' ? 2048 : 3072, publicExponent: Buffer.from([1, 0, 1]) }),
  };
  // A CA key signs and does nothing else; sensitive + non-extractable keeps it inside the token for good.
  const privateTemplate: ITemplate = { ...common, private: true, sensitive: true, extractable: false, sign: true, decrypt: false, unwrap: false, derive: false };
  return new Promise((resolve, reject) => {
    session.generateKeyPair(ec ? KeyGenMechanism.EC : KeyGenMechanism.RSA, publicTemplate, privateTemplate, (error, keys) =>
      error || !keys ? reject(error ?? new Error('no key pair returned')) : resolve(keys),
    );
  });
}

/** Runs on a worker thread (graphene's async C_Sign), so a slow or remote HSM does not stall the event loop. */
function signOnToken(session: Session, mechanism: MechanismEnum, key: PrivateKey, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    session.createSign(mechanism, key).once(input, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}

/** The key's algorithm and DER SubjectPublicKeyInfo, built from the token's public key object. */
function describePublicKey(publicKey: SessionObject, label: string): { keyAlgorithm: KeyAlgorithm; publicKeySpki: Buffer } {
  const { keyType } = publicKey.getAttribute({ keyType: null }) as { keyType: number };
  if (keyType === KeyType.EC) {
    // graphene names CKA_EC_PARAMS by its older alias paramsECDSA (same attribute number) when reading back.
    const attributes = publicKey.getAttribute({ paramsEC: null, pointEC: null }) as Record<string, Buffer | undefined>;
    const paramsEC = attributes.paramsEC ?? attributes.paramsECDSA;
    const pointEC = attributes.pointEC;
    const keyAlgorithm = paramsEC && CURVE_OF_PARAMS.get(paramsEC.toString('hex'));
    if (!pointEC) throw new KeyStoreError(`key "${label}" has no readable EC point`);
    if (!keyAlgorithm) throw new KeyStoreError(`key "${label}" is on an unsupported curve`);
    const point = uncompressedPoint(pointEC, ECDSA_COORDINATE_SIZE[keyAlgorithm], label);
    return { keyAlgorithm, publicKeySpki: validPublicKey(() => ecPublicKeySpki(keyAlgorithm, point), label) };
  }
  if (keyType === KeyType.RSA) {
    const { modulus, publicExponent } = publicKey.getAttribute({ modulus: null, publicExponent: null }) as { modulus: Buffer; publicExponent: Buffer };
    const bits = modulusBits(modulus);
    const keyAlgorithm = bits === 2048 ? 'rsa-2048' : bits === 3072 ? 'rsa-3072' : undefined;
    if (!keyAlgorithm) throw new KeyStoreError(`key "${label}" is a ${bits}-bit RSA key; only 2048 and 3072 bits are supported`);
    return { keyAlgorithm, publicKeySpki: validPublicKey(() => rsaPublicKeySpki(modulus, publicExponent), label) };
  }
  throw new KeyStoreError(`key "${label}" has unsupported key type ${keyType}`);
}

/** OpenSSL checks the parts as it encodes them (for EC, that the point is on the curve). */
function validPublicKey(encode: () => Buffer, label: string): Buffer {
  try {
    return encode();
  } catch {
    throw new KeyStoreError(`token returned an invalid public key for "${label}"`);
  }
}

/**
 * CKA_EC_POINT is meant to be a DER OCTET STRING around the point, but some tokens return the bare point.
 * Both begin with 0x04, so the expected point length tells them apart.
 */
function uncompressedPoint(value: Buffer, size: number, label: string): Buffer {
  const length = 1 + 2 * size;
  if (value.length === length && value[0] === 0x04) return value;
  if (value[0] === 0x04 && value[1] === length && value.length === length + 2 && value[2] === 0x04) return value.subarray(2);
  throw new KeyStoreError(`token returned an unexpected EC point for "${label}"`);
}

function modulusBits(modulus: Buffer): number {
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  return start === modulus.length ? 0 : (modulus.length - start) * 8 - Math.clz32(modulus[start]) + 24;
}

/** The PKCS#11 return code (or first line) of an error: enough to act on, and never key material. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.match(/CKR_[A-Z0-9_]+/)?.[0] ?? message.split('\n')[0].slice(0, 200);
}
