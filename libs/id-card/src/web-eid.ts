/**
 * The Web eID formats the card app answers in (web-eid-app's command-line mode; the authentication
 * token format "web-eid:1.0"). The server's validation is the gateway's; this is the card's side.
 */
import type { EcKeyAlgorithm } from '@theqa/keys';
import { CardError } from './card-error';

export const WEB_EID_FORMAT = 'web-eid:1.0';

/** Informative, per the format: the URL naming the application and version that made the token. */
export const CARD_APP_VERSION = 'https://theqa.example.om/card-app/releases/v1.0.0';

/** Web eID accepts nonces of 44 (32 random bytes in base64) to 128 characters. */
export const NONCE_MIN_LENGTH = 44;
export const NONCE_MAX_LENGTH = 128;

export interface WebEidAuthenticationToken {
  unverifiedCertificate: string;
  algorithm: 'ES256' | 'ES384';
  signature: string;
  format: typeof WEB_EID_FORMAT;
  appVersion: string;
}

export type HashFunction = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface SignatureAlgorithmDescription {
  cryptoAlgorithm: 'ECC';
  hashFunction: HashFunction;
  paddingScheme: 'NONE';
}

export const HASH_LENGTH: Readonly<Record<HashFunction, number>> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

/** The JWA name of the card key's ECDSA, and the hash that goes with it (RFC 7518 §3.4). */
export function jwaAlgorithm(algorithm: EcKeyAlgorithm): { name: 'ES256' | 'ES384'; hash: 'sha256' | 'sha384' } {
  return algorithm === 'ec-p384' ? { name: 'ES384', hash: 'sha384' } : { name: 'ES256', hash: 'sha256' };
}

/**
 * The origin as a browser serialises it: scheme, host and port only. HTTPS, as Web eID requires, save
 * for loopback hosts during development.
 */
export function assertOrigin(origin: string): void {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new CardError('origin-invalid', `"${origin}" is not a URL`);
  }
  if (url.origin !== origin) throw new CardError('origin-invalid', `"${origin}" is not an origin (scheme://host[:port], nothing after)`);
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new CardError('origin-invalid', `"${origin}" is not an https origin`);
}

export function assertNonce(nonce: string): void {
  if (nonce.length < NONCE_MIN_LENGTH || nonce.length > NONCE_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(nonce)) {
    throw new CardError('nonce-invalid', `the challenge nonce must be ${NONCE_MIN_LENGTH}–${NONCE_MAX_LENGTH} printable characters`);
  }
}

/** A document hash as the Web eID sign command takes it: strict base64 of exactly the function's length. */
export function documentHash(base64: string, hashFunction: string): { hash: Buffer; hashFunction: HashFunction } {
  if (!(hashFunction in HASH_LENGTH)) throw new CardError('hash-function-unsupported', `${hashFunction} (supported: ${Object.keys(HASH_LENGTH).join(', ')})`);
  const fn = hashFunction as HashFunction;
  const hash = Buffer.from(base64, 'base64');
  if (hash.toString('base64') !== base64 || hash.length !== HASH_LENGTH[fn]) throw new CardError('hash-invalid', `expected the base64 of ${HASH_LENGTH[fn]} bytes`);
  return { hash, hashFunction: fn };
}
