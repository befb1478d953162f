/**
 * The DER SubjectPublicKeyInfo of a key that never leaves its PKCS#11 token, from the raw parts the token
 * reports (CKA_EC_POINT, or CKA_MODULUS and CKA_PUBLIC_EXPONENT), so it matches byte for byte what
 * node:crypto exports for a software key. OpenSSL encodes it from a JWK, checking on the way that the
 * point is on the curve; a malformed part throws.
 */
import { createPublicKey } from 'node:crypto';

export type EcKeyAlgorithm = 'ec-p256' | 'ec-p384';

/** CKA_EC_PARAMS of each curve: the DER of its named-curve OID (RFC 5480), prime256v1 and secp384r1. */
export const EC_PARAMS: Record<EcKeyAlgorithm, Buffer> = {
  'ec-p256': Buffer.from('06082a8648ce3d030107', 'hex'),
  'ec-p384': Buffer.from('06052b81040022', 'hex'),
};

const JWK_CURVE: Record<EcKeyAlgorithm, string> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384' };

/** `point` is the uncompressed SEC 1 point 04||X||Y. */
export function ecPublicKeySpki(algorithm: EcKeyAlgorithm, point: Buffer): Buffer {
  const size = (point.length - 1) / 2;
  if (point[0] !== 0x04 || !Number.isInteger(size)) throw new Error('not an uncompressed EC point');
  const x = point.subarray(1, 1 + size).toString('base64url');
  const y = point.subarray(1 + size).toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: JWK_CURVE[algorithm], x, y }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}

/** rsaEncryption with its NULL parameters around RSAPublicKey (RFC 8017 A.1.1, RFC 3279). */
export function rsaPublicKeySpki(modulus: Buffer, publicExponent: Buffer): Buffer {
  const key = { kty: 'RSA', n: modulus.toString('base64url'), e: publicExponent.toString('base64url') };
  return createPublicKey({ key, format: 'jwk' }).export({ type: 'spki', format: 'der' });
}
