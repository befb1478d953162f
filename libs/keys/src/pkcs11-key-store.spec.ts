import { execFileSync } from 'node:child_process';
import { createPublicKey, randomBytes, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Module, ObjectClass, SessionFlag, type PrivateKey } from 'graphene-pk11';
import { createSoftHsmToken, softHsmIsAvailable, toolIsAvailable, useSoftHsmConfig, type SoftHsmToken } from '@theqa/testing';
import { Pkcs11KeyStore } from './pkcs11-key-store';
import { HASH_OF, KeyStoreError, type SigningKey } from './key-store';

const describeWithSoftHsm = softHsmIsAvailable() ? describe : describe.skip;
const itWithOpenssl = toolIsAvailable('openssl') ? it : it.skip;

function verifies(key: SigningKey, data: Buffer, signature: Buffer): boolean {
  const publicKey = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' });
  return verify(HASH_OF[key.signatureAlgorithm], data, { key: publicKey, dsaEncoding: 'der' }, signature);
}

/** `openssl dgst -verify`: a check that shares no code with node:crypto's binding or with this library. */
function opensslVerifies(key: SigningKey, data: Buffer, signature: Buffer): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'theqa-openssl-'));
  try {
    const pem = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' });
    writeFileSync(path.join(dir, 'key.pem'), pem);
    writeFileSync(path.join(dir, 'data.bin'), data);
    writeFileSync(path.join(dir, 'sig.bin'), signature);
    const args = ['dgst', `-${HASH_OF[key.signatureAlgorithm]}`, '-verify', 'key.pem', '-signature', 'sig.bin', 'data.bin'];
    return execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === 'Verified OK';
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithSoftHsm('Pkcs11KeyStore on SoftHSM2', () => {
  const pin = '246810';
  let token: SoftHsmToken;
  let store: Pkcs11KeyStore;
  let restoreConfig: (() => void) | undefined;

  beforeAll(async () => {
    token = createSoftHsmToken({ label: 'theqa-ca-test', pin, soPin: '13579111' });
    restoreConfig = useSoftHsmConfig(token);
    store = await Pkcs11KeyStore.open(token);
  });

  afterAll(async () => {
    await store?.close();
    token?.dispose();
    restoreConfig?.();
  });

  it.each(['ec-p256', 'rsa-2048'] as const)('signs 200 concurrent %s requests on the token, all verifiable', async (algorithm) => {
    const key = await store.generateKey(`concurrent-${algorithm}`, algorithm);
    expect(key).toMatchObject({ keyAlgorithm: algorithm, label: `concurrent-${algorithm}` });
    const inputs = Array.from({ length: 200 }, (_, i) => Buffer.from(`certificate ${i} ${randomBytes(8).toString('hex')}`));
    const signatures = await Promise.all(inputs.map((input) => key.sign(input)));
    const failures = signatures.filter((signature, i) => !verifies(key, inputs[i], signature));
    expect(failures).toHaveLength(0);
    expect(verifies(key, inputs[1], signatures[0])).toBe(false);
    if (algorithm === 'ec-p256') expect(signatures[0][0]).toBe(0x30); // DER, converted from the token's raw r||s
  });

  itWithOpenssl.each(['ec-p256', 'rsa-2048'] as const)('makes %s signatures that openssl verifies, and not once altered', async (algorithm) => {
    const key = await store.generateKey(`openssl-${algorithm}`, algorithm);
    const data = Buffer.from(`certificate ${randomBytes(8).toString('hex')}`);
    const signature = await key.sign(data);
    expect(opensslVerifies(key, data, signature)).toBe(true);
    const altered = Buffer.from(signature);
    altered[altered.length - 3] ^= 0x01;
    expect(opensslVerifies(key, data, altered)).toBe(false);
  });

  it.each(['ec-p384', 'rsa-3072'] as const)('generates and signs with %s', async (algorithm) => {
    const key = await store.generateKey(`also-${algorithm}`, algorithm);
    const data = Buffer.from('a tbsCertList');
    const signature = await key.sign(data);
    expect(verifies(key, data, signature)).toBe(true);
    expect(createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' }).asymmetricKeyDetails).toMatchObject(
      algorithm === 'ec-p384' ? { namedCurve: 'secp384r1' } : { modulusLength: 3072, publicExponent: 65537n },
    );
  });

  it('hashes large inputs locally: a 40 MB CRL signs in one token operation', async () => {
    const key = (await store.findKey('concurrent-ec-p256'))!;
    const crl = randomBytes(40 * 1024 * 1024);
    const signature = await key.sign(crl);
    expect(verifies(key, crl, signature)).toBe(true);
  });

  it('keeps the private key sensitive and non-extractable on the token, and finds the key again after reopening', async () => {
    const created = await store.generateKey('root-ca', 'ec-p256');
    await store.close();
    await expect(created.sign(Buffer.from('x'))).rejects.toThrow(KeyStoreError);

    // Straight through graphene, not through the store, so the store cannot vouch for itself.
    const module = Module.load(token.library);
    module.initialize();
    try {
      const slots = module.getSlots(true);
      const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().label === token.tokenLabel)!;
      const session = slot.open(SessionFlag.SERIAL_SESSION);
      session.login(pin);
      const found = session.find({ class: ObjectClass.PRIVATE_KEY, label: 'root-ca' });
      expect(found.length).toBe(1);
      const privateKey = found.items(0).toType<PrivateKey>();
      expect(privateKey.getAttribute({ token: null, private: null, sensitive: null, extractable: null, alwaysSensitive: null, neverExtractable: null, sign: null, decrypt: null, derive: null })).toEqual({
        token: true,
        private: true,
        sensitive: true,
        extractable: false,
        alwaysSensitive: true,
        neverExtractable: true,
        sign: true,
        decrypt: false,
        derive: false,
      });
      expect(() => privateKey.getAttribute({ value: null })).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      const { id } = privateKey.getAttribute({ id: null }) as { id: Buffer };
      expect(id.length).toBeGreaterThan(0);
      expect(session.find({ class: ObjectClass.PUBLIC_KEY, id }).length).toBe(1);
      session.logout();
      session.close();
    } finally {
      module.finalize();
      module.close();
    }

    store = await Pkcs11KeyStore.open(token);
    const reopened = await store.findKey('root-ca');
    expect(reopened).toBeDefined();
    expect(reopened!.publicKeySpki).toEqual(created.publicKeySpki);
    const data = Buffer.from('signed after a restart');
    expect(verifies(created, data, await reopened!.sign(data))).toBe(true);
    await expect(store.findKey('never-made')).resolves.toBeUndefined();
  });

  it('keeps MAC keys on the token: HMAC-SHA256 there, secret unreadable, the same key after reopening', async () => {
    const macKey = await store.macKey('pin-verifier-1');
    const first = await macKey.mac(Buffer.from('identity|proof'));
    expect(first).toHaveLength(32);
    expect(await macKey.mac(Buffer.from('identity|proof'))).toEqual(first);
    expect(await macKey.mac(Buffer.from('identity|proof2'))).not.toEqual(first);
    expect(await (await store.macKey('other-purpose')).mac(Buffer.from('identity|proof'))).not.toEqual(first);
    await store.close();

    const module = Module.load(token.library);
    module.initialize();
    try {
      const slots = module.getSlots(true);
      const slot = Array.from({ length: slots.length }, (_, i) => slots.items(i)).find((s) => s.getToken().label === token.tokenLabel)!;
      const session = slot.open(SessionFlag.SERIAL_SESSION);
      session.login(pin);
      const found = session.find({ class: ObjectClass.SECRET_KEY, label: 'pin-verifier-1' });
      expect(found.length).toBe(1);
      const secret = found.items(0);
      expect(secret.getAttribute({ token: null, sensitive: null, extractable: null })).toEqual({ token: true, sensitive: true, extractable: false });
      expect(() => secret.getAttribute({ value: null })).toThrow(/CKR_ATTRIBUTE_SENSITIVE/);
      session.logout();
      session.close();
    } finally {
      module.finalize();
      module.close();
    }
    store = await Pkcs11KeyStore.open(token);
    expect(await (await store.macKey('pin-verifier-1')).mac(Buffer.from('identity|proof'))).toEqual(first);
  });

  it('never replaces a key on the token, even when two generations race', async () => {
    const first = await store.generateKey('issuing-ca', 'ec-p256');
    await expect(store.generateKey('issuing-ca', 'ec-p256')).rejects.toThrow(/already exists/);
    const other = await Pkcs11KeyStore.open({ ...token, sessions: 1 });
    try {
      const results = await Promise.allSettled([store.generateKey('raced', 'ec-p256'), other.generateKey('raced', 'ec-p256')]);
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      const winner = results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<SigningKey>;
      expect((await other.findKey('raced'))!.publicKeySpki).toEqual(winner.value.publicKeySpki);

      await expect(other.generateKey('issuing-ca', 'rsa-2048')).rejects.toThrow(/already exists/);
      expect((await other.findKey('issuing-ca'))!.publicKeySpki).toEqual(first.publicKeySpki);
    } finally {
      await other.close();
    }
    await expect(store.generateKey('Bad Label', 'ec-p256')).rejects.toThrow(KeyStoreError);
  });

  it('queues concurrent signs on a single session instead of failing with CKR_OPERATION_ACTIVE', async () => {
    const single = await Pkcs11KeyStore.open({ ...token, sessions: 1 });
    try {
      const key = (await single.findKey('concurrent-rsa-2048'))!;
      const data = Array.from({ length: 60 }, (_, i) => Buffer.from(`ocsp response ${i}`));
      const signatures = await Promise.all(data.map((d) => key.sign(d)));
      expect(signatures.every((signature, i) => verifies(key, data[i], signature))).toBe(true);
    } finally {
      await single.close();
    }
    // Closing one store leaves another store on the same module and token working.
    const key = (await store.findKey('concurrent-ec-p256'))!;
    expect(verifies(key, Buffer.from('still here'), await key.sign(Buffer.from('still here')))).toBe(true);
  });

  it('lets signs already under way finish when the store closes', async () => {
    const closing = await Pkcs11KeyStore.open(token);
    const key = (await closing.findKey('concurrent-ec-p256'))!;
    const pending = Array.from({ length: 40 }, (_, i) => key.sign(Buffer.from(`late ${i}`)));
    await closing.close();
    const signatures = await Promise.all(pending);
    expect(signatures.every((signature, i) => verifies(key, Buffer.from(`late ${i}`), signature))).toBe(true);
    await expect(key.sign(Buffer.from('too late'))).rejects.toThrow(/closed/);
  });

  it('names a missing token and a wrong PIN clearly, without echoing the PIN', async () => {
    await expect(Pkcs11KeyStore.open({ ...token, tokenLabel: 'no-such-token' })).rejects.toThrow(
      /no PKCS#11 token labelled "no-such-token" .*"theqa-ca-test"/,
    );
    // The store above holds the login; a second store must still prove the PIN.
    const wrong = await Pkcs11KeyStore.open({ ...token, pin: '999999' }).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(KeyStoreError);
    expect((wrong as Error).message).toMatch(/PIN rejected/);
    expect((wrong as Error).message).not.toContain('999999');
    await expect(Pkcs11KeyStore.open({ ...token, library: '/nonexistent/libpkcs11.so' })).rejects.toThrow(/cannot load PKCS#11 module/);
  });

  it('exposes no token handles or PINs on the signing key', async () => {
    const key = (await store.findKey('concurrent-ec-p256'))!;
    expect(Object.keys(key).sort()).toEqual(['keyAlgorithm', 'label', 'publicKeySpki', 'sign', 'signatureAlgorithm']);
    expect(JSON.stringify(key)).not.toContain(pin);
    expect(JSON.stringify(store)).not.toContain(pin);
  });

  it('rejects a wrong PIN when no store of the process is logged in', async () => {
    await store.close();
    try {
      await expect(Pkcs11KeyStore.open({ ...token, pin: '000000' })).rejects.toThrow(/PIN rejected/);
    } finally {
      store = await Pkcs11KeyStore.open(token);
    }
  });
});
