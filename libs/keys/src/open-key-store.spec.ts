import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KeyStoreError } from './key-store';
import { openKeyStore, type KeyStoreConfig } from './open-key-store';
import { SoftwareKeyStore } from './software-key-store';

describe('openKeyStore', () => {
  let directory: string;
  beforeEach(() => {
    directory = path.join(mkdtempSync(path.join(tmpdir(), 'theqa-open-key-store-')), 'keys');
  });
  afterEach(() => rmSync(path.dirname(directory), { recursive: true, force: true }));

  it('opens the software store with the master key as bytes or as text, the same key either way', async () => {
    const masterKey = randomBytes(32);
    const fromBytes = await openKeyStore({ kind: 'software', directory, masterKey });
    expect(fromBytes).toBeInstanceOf(SoftwareKeyStore);
    const made = await fromBytes.generateKey('root-ca', 'ec-p256');
    expect(existsSync(path.join(directory, 'root-ca.key.json'))).toBe(true);
    await fromBytes.close();
    expect(masterKey.some((byte) => byte !== 0)).toBe(true); // the caller's buffer is the caller's

    const fromText = await openKeyStore({ kind: 'software', directory, masterKey: masterKey.toString('hex') });
    const found = await fromText.findKey('root-ca');
    expect(found?.publicKeySpki).toEqual(made.publicKeySpki);
    await fromText.close();

    const otherKey = await openKeyStore({ kind: 'software', directory, masterKey: randomBytes(32).toString('base64') });
    await expect(otherKey.findKey('root-ca')).rejects.toThrow(/cannot be decrypted/);
  });

  it('refuses a master key that is not 32 random bytes, without echoing it', async () => {
    await expect(openKeyStore({ kind: 'software', directory, masterKey: 'not-a-key' })).rejects.toThrow(KeyStoreError);
    await expect(openKeyStore({ kind: 'software', directory, masterKey: '11'.repeat(32) })).rejects.toThrow(/constant byte/);
    await expect(openKeyStore({ kind: 'software', directory, masterKey: randomBytes(16) })).rejects.toThrow(KeyStoreError);
  });

  it('names the PKCS#11 module it cannot load, and an unknown kind', async () => {
    const library = path.join(directory, 'no-such-module.so');
    const opening = openKeyStore({ kind: 'pkcs11', library, tokenLabel: 'theqa', pin: '1234' });
    await expect(opening).rejects.toThrow(KeyStoreError);
    await expect(opening).rejects.toThrow(`cannot load PKCS#11 module ${library}`);
    await expect(openKeyStore({ kind: 'hsm' } as unknown as KeyStoreConfig)).rejects.toThrow(/unknown key store kind "hsm"/);
  });
});
