import { buildDeviceKeyRequest, pinProofMessage, toBase64url, toPem } from '@theqa/device-protocol';
import type { AssuranceLevel } from '@theqa/kernel';

/**
 * The device key of the web wallet: an ECDSA P-256 key pair made by WebCrypto with a NON-extractable
 * private key, so that no script (this one included) can ever read its bytes; the browser keeps it
 * in IndexedDB as a CryptoKey object (structured clone), together with what registration returned.
 */
export const DATABASE_NAME = 'theqa-wallet';
export const STORE_NAME = 'wallet';
/** One wallet per browser profile and origin: the record's key in the store. */
export const WALLET_RECORD = 'device';
/** The signing key: a record of its own, apart from the device key's, so neither is ever used as the other. */
export const SIGNING_KEY_RECORD = 'signing-key';

export interface StoredWallet {
  format: 'theqa-web-wallet/1';
  civil_number: string;
  full_name_ar: string;
  full_name_en: string;
  phone: string;
  assurance: AssuranceLevel;
  device: { serial: string; platform: string; name: string };
  certificate: string;
  chain: string[];
  registered_at: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export function webCryptoAvailable(): boolean {
  return typeof crypto !== 'undefined' && !!crypto.subtle && typeof indexedDB !== 'undefined';
}

export async function makeDeviceKey(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

/** The PKCS#10 request proving possession of the key (the public half is always exportable). */
export async function deviceKeyRequestPem(key: CryptoKeyPair): Promise<string> {
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey));
  const der = await buildDeviceKeyRequest(spki, async (data) =>
    new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, data as Uint8Array<ArrayBuffer>)),
  );
  return toPem('CERTIFICATE REQUEST', der);
}

/** A signature by the device key: ECDSA P-256 / SHA-256 in WebCrypto's native IEEE P1363 form (r ‖ s), base64url. */
export async function deviceSignature(privateKey: CryptoKey, data: Uint8Array): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data as Uint8Array<ArrayBuffer>)));
}

/** What is sent instead of the PIN: base64url(SHA-256(pinProofMessage)). */
export async function pinProof(civilNumber: string, pin: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', pinProofMessage(civilNumber, pin) as Uint8Array<ArrayBuffer>);
  return toBase64url(new Uint8Array(digest));
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE_NAME, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE_NAME)) request.result.createObjectStore(STORE_NAME);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE_NAME, mode);
      const request = work(tx.objectStore(STORE_NAME));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error ?? request.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export async function saveWallet(wallet: StoredWallet): Promise<void> {
  await transact('readwrite', (store) => store.put(wallet, WALLET_RECORD));
}

export async function loadWallet(): Promise<StoredWallet | undefined> {
  const found = await transact<StoredWallet | undefined>('readonly', (store) => store.get(WALLET_RECORD) as IDBRequest<StoredWallet | undefined>);
  return found?.format === 'theqa-web-wallet/1' ? found : undefined;
}

/**
 * A PIN reset's new device key (the CLI's `pin reset` makes one too: a reset is when someone else may
 * know the PIN): made here, never extractable, its CSR certified by `certify` (the reset's last step);
 * then key, certificate and chain replace the old in the wallet's record. The serial stays, and so
 * does the signing key, a key of its own that nothing of the reset touches.
 */
export async function replaceDeviceKey(certify: (request: { csr: string }) => Promise<{ certificate: string; chain: string[] }>): Promise<StoredWallet> {
  const wallet = await loadWallet();
  if (!wallet) throw new Error('this browser holds no wallet: register first');
  const key = await makeDeviceKey();
  const certified = await certify({ csr: await deviceKeyRequestPem(key) });
  const renewed: StoredWallet = { ...wallet, certificate: certified.certificate, chain: certified.chain, privateKey: key.privateKey, publicKey: key.publicKey };
  await saveWallet(renewed);
  return renewed;
}

/**
 * The signing key of a HIGH identity: a second non-extractable P-256 key, for documents only (the CLI's
 * `signing` entry, src/cli/signing-key.ts). It signs the CMS signed attributes of a signing request and
 * nothing else; the device key signs the answer that carries that signature.
 */
export interface StoredSigningKey {
  format: 'theqa-web-signing-key/1';
  /** The device it was made on: a signing key is never used for another device's requests. */
  device: string;
  /** The qualified signing certificate (PEM) and its chain up to the root. */
  certificate: string;
  chain: string[];
  created_at: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/**
 * Who certifies a new signing key: the Citizen Signing CA, through the upgrade to HIGH (its checks:
 * face match, SMS code, terms, the PIN; upgrade.ts), or a test standing in for it.
 */
export type SigningKeyCertifier = (request: { csr: string; spki: string; device: string; civilNumber: string }) => Promise<{ certificate: string; chain: string[] }>;

/**
 * The wallet's side of the upgrade to HIGH: makes the signing key here (never extractable), proves
 * possession with a CSR, has `certify` issue its qualified certificate, and keeps key and certificate
 * in a record of their own. The wallet's assurance becomes HIGH: that certificate is issued to HIGH
 * identities only. `spki` is base64url DER.
 */
export async function addSigningKey(certify: SigningKeyCertifier): Promise<StoredSigningKey> {
  const wallet = await loadWallet();
  if (!wallet) throw new Error('this browser holds no wallet: register first');
  const key = await makeDeviceKey();
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', key.publicKey));
  const certified = await certify({ csr: await deviceKeyRequestPem(key), spki: toBase64url(spki), device: wallet.device.serial, civilNumber: wallet.civil_number });
  const signing: StoredSigningKey = {
    format: 'theqa-web-signing-key/1',
    device: wallet.device.serial,
    certificate: certified.certificate,
    chain: certified.chain,
    created_at: new Date().toISOString(),
    privateKey: key.privateKey,
    publicKey: key.publicKey,
  };
  await transact('readwrite', (store) => store.put(signing, SIGNING_KEY_RECORD));
  await saveWallet({ ...wallet, assurance: 'high' });
  return signing;
}

/** The signing key's signature of a request's signed attributes: ECDSA P-256 / SHA-256, P1363 (the service takes it, or DER), base64url. */
export async function documentSignature(signing: StoredSigningKey, signedAttributes: Uint8Array): Promise<string> {
  return toBase64url(new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signing.privateKey, signedAttributes as Uint8Array<ArrayBuffer>)));
}

/** This device's signing key, if the identity has one here. */
export async function loadSigningKey(serial: string): Promise<StoredSigningKey | undefined> {
  const found = await transact<StoredSigningKey | undefined>('readonly', (store) => store.get(SIGNING_KEY_RECORD) as IDBRequest<StoredSigningKey | undefined>);
  return found?.format === 'theqa-web-signing-key/1' && found.device === serial ? found : undefined;
}
