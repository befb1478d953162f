/**
 * The port every platform signature and secret MAC goes through (CA, gateway, PIN verifiers). Keys live in
 * a KeyStore (software, encrypted at rest; or PKCS#11); callers only ever see the public key and a `sign`
 * function, never private key material.
 */

export type KeyAlgorithm = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

/** Signature algorithm used by a key: ECDSA with SHA-256/384, or RSA PKCS#1 v1.5 with SHA-256. */
export type SignatureAlgorithm = 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384' | 'sha256WithRSAEncryption';

export interface SigningKey {
  /** Label under which the key store keeps it (e.g. "citizen-authentication-ca"). */
  readonly label: string;
  readonly keyAlgorithm: KeyAlgorithm;
  readonly signatureAlgorithm: SignatureAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  readonly publicKeySpki: Buffer;
  /** Signs `data` (hashing it as the algorithm says); ECDSA signatures come DER-encoded (Ecdsa-Sig-Value). */
  sign(data: Buffer): Promise<Buffer>;
}

export interface KeyStore {
  readonly kind: 'software' | 'pkcs11';
  /** Creates a key under a new label; fails if the label exists (a CA key is never silently replaced). */
  generateKey(label: string, algorithm: KeyAlgorithm): Promise<SigningKey>;
  /** The key under this label, or undefined. */
  findKey(label: string): Promise<SigningKey | undefined>;
  /** The secret MAC key under this label, made on first use; it never leaves the store (see MacKey). */
  macKey(label: string): Promise<MacKey>;
  close(): Promise<void>;
}

/**
 * A secret key for HMAC-SHA256 kept inside the key store. The platform uses it where a value must be
 * checkable later but must not be brute-forceable from a database dump (PIN verifiers, one-time codes):
 * without the key, a stored MAC of a six-digit secret says nothing.
 */
export interface MacKey {
  readonly label: string;
  mac(data: Buffer): Promise<Buffer>;
}

export const SIGNATURE_ALGORITHM_OF: Record<KeyAlgorithm, SignatureAlgorithm> = {
  'ec-p256': 'ecdsa-with-SHA256',
  'ec-p384': 'ecdsa-with-SHA384',
  'rsa-2048': 'sha256WithRSAEncryption',
  'rsa-3072': 'sha256WithRSAEncryption',
};

export const HASH_OF: Record<SignatureAlgorithm, 'sha256' | 'sha384'> = {
  'ecdsa-with-SHA256': 'sha256',
  'ecdsa-with-SHA384': 'sha384',
  sha256WithRSAEncryption: 'sha256',
};

export class KeyStoreError extends Error {}
