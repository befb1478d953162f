import { nullValue, oid, sequence } from './der-writer';
import { SIGNATURE_ALGORITHM_OID, type SignatureAlgorithm } from '../keys/signing-key';

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
