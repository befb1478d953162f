/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) from the raw parts a PKCS#11 token reports, so a key that
 * never leaves the token still gets the same DER public key node:crypto would export.
 */
import { bitString, nullValue, oid, sequence, unsignedInteger } from '../der/der-writer';

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

/** Named-curve OIDs (RFC 5480) of the EC key algorithms. */
export const NAMED_CURVE_OID = { 'ec-p256': '1.2.840.10045.3.1.7', 'ec-p384': '1.3.132.0.34' } as const;

/** `point` is the uncompressed SEC 1 point 04||X||Y; parameters are the namedCurve OID (RFC 5480). */
export function ecSubjectPublicKeyInfo(curveOid: string, point: Buffer): Buffer {
  return sequence(sequence(oid(EC_PUBLIC_KEY), oid(curveOid)), bitString(point));
}

/** RSAPublicKey (RFC 8017 A.1.1) under rsaEncryption with its explicit NULL parameters (RFC 3279). */
export function rsaSubjectPublicKeyInfo(modulus: Buffer, publicExponent: Buffer): Buffer {
  return sequence(sequence(oid(RSA_ENCRYPTION), nullValue()), bitString(sequence(unsignedInteger(modulus), unsignedInteger(publicExponent))));
}
