import type { SignatureAlgorithm } from '@theqa/keys';
import { nullValue, oid, sequence } from './der-writer';

/** How X.509, CRLs, OCSP and CMS name each signature algorithm a key store signs with. */
export const SIGNATURE_ALGORITHM_OID: Record<SignatureAlgorithm, string> = {
  'ecdsa-with-SHA256': '1.2.840.10045.4.3.2',
  'ecdsa-with-SHA384': '1.2.840.10045.4.3.3',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
};

const cache = new Map<SignatureAlgorithm, Buffer>();

/** AlgorithmIdentifier of a signature: ECDSA has absent parameters, RSA an explicit NULL (RFC 5754, 4055). */
export function signatureAlgorithmIdentifier(algorithm: SignatureAlgorithm): Buffer {
  let encoded = cache.get(algorithm);
  if (!encoded) {
    const id = oid(SIGNATURE_ALGORITHM_OID[algorithm]);
    encoded = algorithm.startsWith('ecdsa') ? sequence(id) : sequence(id, nullValue());
    cache.set(algorithm, encoded);
  }
  return encoded;
}
