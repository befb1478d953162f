import { calculateJwkThumbprint } from 'jose';

/** An EC P-256 public key as a JWK (RFC 7518 §6.2). */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** A published receipt key: the public key, its RFC 7638 thumbprint as `kid`, for ES256 signatures. */
export type ReceiptPublicJwk = EcPublicJwk & { kid: string; alg: 'ES256'; use: 'sig' };

/** A JSON Web Key Set (RFC 7517 §5) of the keys receipts are verified with. */
export interface ReceiptKeySet {
  keys: ReceiptPublicJwk[];
}

/**
 * A key of the platform's key store that signs receipts: the private key never leaves the store, and
 * `sign` answers the JWS signature itself (ES256, raw r ‖ s, 64 bytes) over the signing input.
 */
export interface ReceiptKey {
  publicJwk: EcPublicJwk;
  sign(signingInput: Buffer): Promise<Buffer>;
}

export interface ReceiptKeys {
  /** The key new receipts are signed with. */
  current(): Promise<ReceiptKey>;
  /** Every key whose receipts must still verify, the current one included (after a rotation, the older ones too). */
  published(): Promise<ReceiptKey[]>;
}

export function receiptKeyId(jwk: EcPublicJwk): Promise<string> {
  return calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256');
}

export async function publishedJwk(key: ReceiptKey): Promise<ReceiptPublicJwk> {
  const { kty, crv, x, y } = key.publicJwk;
  return { kty, crv, x, y, kid: await receiptKeyId(key.publicJwk), alg: 'ES256', use: 'sig' };
}
