import { constants, type KeyObject, type VerifyKeyObjectInput, type VerifyPublicKeyInput } from 'node:crypto';

/**
 * The JWS algorithms (RFC 7518 §3.3–3.5) a Web eID token may name, as the reference validators allow
 * them. The hash is also the one applied to the origin and to the nonce before they are signed.
 * ECDSA signatures come from the card as raw r ‖ s (IEEE P1363), not DER.
 */
export const SIGNATURE_ALGORITHMS = {
  ES256: { hash: 'sha256', family: 'ecdsa', curve: 'prime256v1' },
  ES384: { hash: 'sha384', family: 'ecdsa', curve: 'secp384r1' },
  ES512: { hash: 'sha512', family: 'ecdsa', curve: 'secp521r1' },
  PS256: { hash: 'sha256', family: 'rsa-pss' },
  PS384: { hash: 'sha384', family: 'rsa-pss' },
  PS512: { hash: 'sha512', family: 'rsa-pss' },
  RS256: { hash: 'sha256', family: 'rsa-pkcs1' },
  RS384: { hash: 'sha384', family: 'rsa-pkcs1' },
  RS512: { hash: 'sha512', family: 'rsa-pkcs1' },
} as const;

export type SignatureAlgorithm = keyof typeof SIGNATURE_ALGORITHMS;

export function isSignatureAlgorithm(value: string): value is SignatureAlgorithm {
  return Object.prototype.hasOwnProperty.call(SIGNATURE_ALGORITHMS, value);
}

const HASH_BYTES = { sha256: 32, sha384: 48, sha512: 64 } as const;

/**
 * How node:crypto verifies with this algorithm and this key, or undefined when the key cannot make
 * such a signature (an RSA key for ES256, a P-384 key for ES256): JWS binds each ES algorithm to a curve.
 */
export function verificationKey(algorithm: SignatureAlgorithm, key: KeyObject): VerifyKeyObjectInput | VerifyPublicKeyInput | undefined {
  const spec = SIGNATURE_ALGORITHMS[algorithm];
  if (spec.family === 'ecdsa') {
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== spec.curve) return undefined;
    return { key, dsaEncoding: 'ieee-p1363' };
  }
  if (key.asymmetricKeyType !== 'rsa') return undefined;
  if (spec.family === 'rsa-pss') return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_BYTES[spec.hash] };
  return { key, padding: constants.RSA_PKCS1_PADDING };
}
