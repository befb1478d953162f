/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of an EC key, from its curve and point. */
import { bitString, oid, sequence } from '../der/der-writer';

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Named-curve OIDs (RFC 5480) of the EC key algorithms. */
export const NAMED_CURVE_OID = { 'ec-p256': '1.2.840.10045.3.1.7', 'ec-p384': '1.3.132.0.34' } as const;

/** `point` is a SEC 1 point (04||X||Y uncompressed, 02/03||X compressed); parameters are the namedCurve OID (RFC 5480). */
export function ecSubjectPublicKeyInfo(curveOid: string, point: Buffer): Buffer {
  return sequence(sequence(oid(EC_PUBLIC_KEY), oid(curveOid)), bitString(point));
}
