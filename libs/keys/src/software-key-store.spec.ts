import { KeyObject, createDecipheriv, createPrivateKey, createPublicKey, randomBytes, verify } from 'node:crypto';
import { promises as fs, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { parseKeyStoreMasterKey } from './keystore-master-key';
import { HASH_OF, KeyStoreError, type KeyAlgorithm, type SigningKey } from './key-store';
import { SoftwareKeyStore } from './software-key-store';

const ALGORITHMS: KeyAlgorithm[] = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'];
const data = Buffer.from('tbsCertificate bytes, say');

function verifies(key: SigningKey, signature: Buffer, signed = data): boolean {
  const publicKey = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' });
  return verify(HASH_OF[key.signatureAlgorithm], signed, { key: publicKey, dsaEncoding: 'der' }, signature);
}

/** Opens a key file the way its format is documented, independently of the store's code. */
async function decryptKeyFile(file: string, masterKey: Buffer): Promise<Buffer> {
  const record = JSON.parse(await fs.readFile(file, 'utf8'));
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(record.iv, 'base64'));
  decipher.setAAD(Buffer.from(JSON.stringify([record.format, record.label, record.algorithm, record.createdAt, record.publicKeySpki])));
  decipher.setAuthTag(Buffer.from(record.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(record.ciphertext, 'base64')), decipher.final()]);
}

describe('SoftwareKeyStore', () => {
  let root: string;
  let directory: string;
  let masterKey: Buffer;
  const stores: SoftwareKeyStore[] = [];
  const open = (key = masterKey, dir = directory) => {
    const store = new SoftwareKeyStore({ directory: dir, masterKey: key });
    stores.push(store);
    return store;
  };
  const fileOf = (label: string) => path.join(directory, `${label}.key.json`);

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'theqa-keystore-'));
    directory = path.join(root, 'certs', 'dev', 'keys');
    masterKey = randomBytes(32);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    rmSync(root, { recursive: true, force: true });
  });

  it.each(ALGORITHMS)('generates a %s key that signs verifiably, and signs again after reopening from disk', async (algorithm) => {
    const store = open();
    const key = await store.generateKey('issuing-ca', algorithm);
    expect(key).toMatchObject({ label: 'issuing-ca', keyAlgorithm: algorithm });
    const publicKey = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyType).toBe(algorithm.startsWith('ec') ? 'ec' : 'rsa');
    const signature = await key.sign(data);
    if (algorithm.startsWith('ec')) expect(signature[0]).toBe(0x30); // DER Ecdsa-Sig-Value, not raw r||s
    expect(verifies(key, signature)).toBe(true);
    expect(verifies(key, signature, Buffer.from('other data'))).toBe(false);

    expect((await fs.stat(fileOf('issuing-ca'))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(directory)).mode & 0o777).toBe(0o700);
    expect((await fs.readdir(directory)).sort()).toEqual(['issuing-ca.key.json']); // no temporary file left

    const reopened = await open().findKey('issuing-ca');
    expect(reopened).toBeDefined();
    expect(reopened!.publicKeySpki).toEqual(key.publicKeySpki);
    expect(reopened!.signatureAlgorithm).toBe(key.signatureAlgorithm);
    expect(verifies(key, await reopened!.sign(data))).toBe(true);
  });

  it('returns undefined for a missing label, also before the directory exists', async () => {
    await expect(open().findKey('nothing-here')).resolves.toBeUndefined();
  });

  it('refuses to open keys under a wrong master key, without echoing secrets', async () => {
    await open().generateKey('root-ca', 'ec-p256');
    const wrongKey = randomBytes(32);
    const error = await open(wrongKey).findKey('root-ca').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyStoreError);
    const message = String((error as Error).message);
    expect(message).toMatch(/root-ca.*cannot be decrypted/);
    for (const secret of [wrongKey, masterKey]) {
      expect(message).not.toContain(secret.toString('hex'));
      expect(message).not.toContain(secret.toString('base64'));
    }
    expect((error as Error).cause).toBeUndefined();
  });

  it('detects a change to any single byte of a key file', async () => {
    await open().generateKey('ocsp-signer', 'ec-p256');
    const original = await fs.readFile(fileOf('ocsp-signer'));
    const reader = open();
    for (let i = 0; i < original.length; i++) {
      const altered = Buffer.from(original);
      altered[i] ^= 0x01;
      await fs.writeFile(fileOf('ocsp-signer'), altered);
      await expect(reader.findKey('ocsp-signer')).rejects.toBeInstanceOf(KeyStoreError);
    }
    await fs.writeFile(fileOf('ocsp-signer'), original);
    expect(await reader.findKey('ocsp-signer')).toBeDefined();
  });

  it('detects a flipped bit in the ciphertext and a swapped public key', async () => {
    const store = open();
    await store.generateKey('tsa', 'ec-p256');
    const other = await store.generateKey('other', 'ec-p256');
    const record = JSON.parse(await fs.readFile(fileOf('tsa'), 'utf8'));

    const ciphertext = Buffer.from(record.ciphertext, 'base64');
    ciphertext[ciphertext.length >> 1] ^= 0x80;
    await fs.writeFile(fileOf('tsa'), JSON.stringify({ ...record, ciphertext: ciphertext.toString('base64') }));
    await expect(open().findKey('tsa')).rejects.toThrow(KeyStoreError);

    await fs.writeFile(fileOf('tsa'), JSON.stringify({ ...record, publicKeySpki: other.publicKeySpki.toString('base64') }));
    await expect(open().findKey('tsa')).rejects.toThrow(/cannot be decrypted/);
  });

  it("refuses label A's file copied over label B's, even with the label field rewritten (AAD)", async () => {
    const store = open();
    const a = await store.generateKey('citizen-ca', 'ec-p256');
    await store.generateKey('device-ca', 'ec-p256');
    await fs.copyFile(fileOf('citizen-ca'), fileOf('device-ca'));
    await expect(open().findKey('device-ca')).rejects.toThrow(KeyStoreError);

    const record = JSON.parse(await fs.readFile(fileOf('citizen-ca'), 'utf8'));
    await fs.writeFile(fileOf('device-ca'), JSON.stringify({ ...record, label: 'device-ca' }));
    await expect(open().findKey('device-ca')).rejects.toThrow(/device-ca.*cannot be decrypted/);
    // The algorithm is bound too: relabelling the curve of a file fails the same way.
    await fs.writeFile(fileOf('citizen-ca'), JSON.stringify({ ...record, algorithm: 'ec-p384' }));
    await expect(open().findKey('citizen-ca')).rejects.toThrow(/cannot be decrypted/);
    await fs.writeFile(fileOf('citizen-ca'), JSON.stringify(record));
    expect((await open().findKey('citizen-ca'))!.publicKeySpki).toEqual(a.publicKeySpki);
  });

  it.each(['ec-p256', 'rsa-2048'] as const)('keeps no %s private key plaintext in the file', async (algorithm) => {
    const key = await open().generateKey('plain-check', algorithm);
    const file = await fs.readFile(fileOf('plain-check'));
    const pkcs8 = await decryptKeyFile(fileOf('plain-check'), masterKey);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    expect(createPublicKey(privateKey).export({ type: 'spki', format: 'der' })).toEqual(key.publicKeySpki);

    const exported = privateKey.export({ type: 'pkcs8', format: 'der' });
    const jwk = privateKey.export({ format: 'jwk' });
    const scalar = Buffer.from(jwk.d!, 'base64url'); // EC private scalar / RSA private exponent
    for (const needle of [exported, exported.toString('base64'), exported.toString('hex'), scalar, jwk.d!, scalar.toString('base64'), 'PRIVATE KEY']) {
      expect(file.includes(needle)).toBe(false);
    }
    expect(file.includes(masterKey)).toBe(false);
    expect(file.includes(masterKey.toString('hex'))).toBe(false);
  });

  it('never replaces an existing key, even when two generations race', async () => {
    const store = open();
    const first = await store.generateKey('root-ca', 'ec-p256');
    await expect(store.generateKey('root-ca', 'ec-p256')).rejects.toThrow(/already exists/);
    await expect(open().generateKey('root-ca', 'rsa-2048')).rejects.toThrow(KeyStoreError);
    expect((await open().findKey('root-ca'))!.publicKeySpki).toEqual(first.publicKeySpki);

    const results = await Promise.allSettled([open().generateKey('raced', 'ec-p256'), open().generateKey('raced', 'ec-p256')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<SigningKey>;
    expect((await open().findKey('raced'))!.publicKeySpki).toEqual(winner.value.publicKeySpki);
  });

  it.each(['', 'Root-CA', '-root', 'root_ca', 'root ca', '../root', 'a/b', 'root.key', 'é', 'a'.repeat(64)])('refuses the label %j', async (label) => {
    const store = open();
    await expect(store.generateKey(label, 'ec-p256')).rejects.toThrow(KeyStoreError);
    await expect(store.findKey(label)).rejects.toThrow(KeyStoreError);
    await expect(fs.readdir(directory)).rejects.toMatchObject({ code: 'ENOENT' }); // nothing written
  });

  it('accepts the longest and shortest labels', async () => {
    const store = open();
    await store.generateKey('a', 'ec-p256');
    await store.generateKey(`0${'-'.repeat(62)}`, 'ec-p256');
    expect(await open().findKey(`0${'-'.repeat(62)}`)).toBeDefined();
  });

  it('refuses to write into a key directory other users can read', async () => {
    await fs.mkdir(directory, { recursive: true, mode: 0o755 });
    await fs.chmod(directory, 0o755);
    await expect(open().generateKey('root-ca', 'ec-p256')).rejects.toThrow(/chmod 700/);
  });

  it('exposes no private material through the signing key or the store', async () => {
    const store = open();
    const key = await store.generateKey('audit-signer', 'ec-p256');
    const pkcs8 = await decryptKeyFile(fileOf('audit-signer'), masterKey);
    const scalar = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d!;

    expect(Object.keys(key).sort()).toEqual(['keyAlgorithm', 'label', 'publicKeySpki', 'sign', 'signatureAlgorithm']);
    const values = [...Object.getOwnPropertyNames(key), ...Object.getOwnPropertySymbols(key)].map((name) => (key as unknown as Record<string | symbol, unknown>)[name]);
    expect(values.some((value) => value instanceof KeyObject)).toBe(false);
    expect(Object.isFrozen(key)).toBe(true);

    const texts = [JSON.stringify(key), JSON.stringify(store), inspect(key, { showHidden: true, depth: 10 }), inspect(store, { depth: 10 })];
    for (const text of texts) {
      for (const secret of [pkcs8.toString('base64'), pkcs8.toString('hex'), scalar, masterKey.toString('hex'), masterKey.toString('base64')]) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
    expect(Object.keys(store)).not.toContain('masterKey');
  });

  it('stops signing and finding once closed', async () => {
    const store = open();
    const key = await store.generateKey('short-lived', 'ec-p256');
    await store.close();
    await expect(key.sign(data)).rejects.toThrow(/closed/);
    await expect(store.findKey('short-lived')).rejects.toThrow(/closed/);
  });

  it('refuses an unknown algorithm, including inherited property names', async () => {
    for (const algorithm of ['ec-p521', 'toString', 'constructor']) {
      await expect(open().generateKey('odd', algorithm as KeyAlgorithm)).rejects.toThrow(/unsupported key algorithm/);
    }
  });

  it('derives MAC keys from the master key: stable per label, independent across labels and master keys, nothing on disk', async () => {
    const store = open();
    const mac = (await store.macKey('pin-verifier-1')).mac(Buffer.from('identity|proof'));
    const again = (await open().macKey('pin-verifier-1')).mac(Buffer.from('identity|proof'));
    expect(await mac).toHaveLength(32);
    expect(await again).toEqual(await mac);
    expect(await (await store.macKey('pin-verifier-2')).mac(Buffer.from('identity|proof'))).not.toEqual(await mac);
    expect(await (await open(randomBytes(32)).macKey('pin-verifier-1')).mac(Buffer.from('identity|proof'))).not.toEqual(await mac);
    await expect(fs.readdir(directory)).rejects.toThrow(/ENOENT/);
    const key = await store.macKey('pin-verifier-1');
    expect(JSON.stringify(key)).not.toMatch(/[0-9a-f]{64}/);
    await store.close();
    await expect(key.mac(Buffer.from('x'))).rejects.toThrow(KeyStoreError);
  });

  it('rejects a master key that is not 32 bytes', () => {
    expect(() => new SoftwareKeyStore({ directory, masterKey: randomBytes(16) })).toThrow(KeyStoreError);
  });
});

describe('parseKeyStoreMasterKey', () => {
  const key = randomBytes(32);

  it('reads 64 hex characters, base64 and base64url, ignoring surrounding whitespace', () => {
    expect(parseKeyStoreMasterKey(key.toString('hex'))).toEqual(key);
    expect(parseKeyStoreMasterKey(key.toString('hex').toUpperCase())).toEqual(key);
    expect(parseKeyStoreMasterKey(` ${key.toString('base64')}\n`)).toEqual(key);
    expect(parseKeyStoreMasterKey(key.toString('base64').replace(/=$/, ''))).toEqual(key);
    expect(parseKeyStoreMasterKey(key.toString('base64url'))).toEqual(key);
  });

  it.each([
    ['empty', ''],
    ['too short hex', key.toString('hex').slice(2)],
    ['too long hex', `${key.toString('hex')}00`],
    ['non-hex characters', `${key.toString('hex').slice(1)}g`],
    ['16 bytes of base64', key.subarray(16).toString('base64')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['non-canonical base64', `${key.toString('base64').slice(0, 42)}B=`],
    ['a passphrase', 'correct horse battery staple'],
    ['all zero bytes', '0'.repeat(64)],
  ])('refuses %s with a KeyStoreError that does not echo it', (_what, value) => {
    let error: unknown;
    try {
      parseKeyStoreMasterKey(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeyStoreError);
    if (value.length > 4) expect((error as Error).message).not.toContain(value);
  });
});
