import { createPublicKey, type KeyObject } from 'node:crypto';
import { children, content, decodeOid, expectTag, oidKey, oidKeyOf, readRoot, DerError } from '../der/der-reader';
import { oid, Tag } from '../der/der-writer';
import type { KeyAlgorithm } from '../keys/signing-key';
import { OID } from '../oids';
import { CaError } from '../errors/ca-error';

export interface SubjectPublicKey {
  algorithm: KeyAlgorithm;
  spki: Buffer;
  key: KeyObject;
}

// Keyed by OID content octets (oidKey): recognising an OID costs a Map lookup, not a decode.
const CURVES = new Map<string, KeyAlgorithm>([
  [oidKeyOf(oid(OID.prime256v1)), 'ec-p256'],
  [oidKeyOf(oid(OID.secp384r1)), 'ec-p384'],
]);
const EC_PUBLIC_KEY = oidKeyOf(oid(OID.ecPublicKey));
const RSA_ENCRYPTION = oidKeyOf(oid(OID.rsaEncryption));
const RSA_SIZES: Record<number, KeyAlgorithm> = { 2048: 'rsa-2048', 3072: 'rsa-3072' };

/**
 * Identifies and validates a SubjectPublicKeyInfo: only the key types the CA knows, and only points
 * on the curve / well-formed moduli (OpenSSL checks both when it decodes the key).
 */
export function readSubjectPublicKey(spki: Buffer): SubjectPublicKey {
  let algorithmOid: string;
  let parameterOid: string | undefined;
  let describe: () => { algorithm: string; parameter?: string };
  try {
    const root = readRoot(spki);
    const [algorithm] = children(spki, expectTag(root, Tag.SEQUENCE, 'SubjectPublicKeyInfo'));
    const [id, parameters] = children(spki, expectTag(algorithm, Tag.SEQUENCE, 'AlgorithmIdentifier'));
    algorithmOid = oidKey(spki, expectTag(id, Tag.OID, 'algorithm OID'));
    const curve = parameters?.tag === Tag.OID ? parameters : undefined;
    parameterOid = curve && oidKey(spki, curve);
    // Dotted forms only for error messages: decoding is the slow part.
    describe = () => ({ algorithm: decodeOid(content(spki, id)), parameter: curve && decodeOid(content(spki, curve)) });
  } catch (error) {
    throw new CaError('csr-malformed', `the public key is not a valid SubjectPublicKeyInfo (${(error as DerError).message})`);
  }
  if (algorithmOid === EC_PUBLIC_KEY) {
    const algorithm = parameterOid === undefined ? undefined : CURVES.get(parameterOid);
    if (!algorithm) throw new CaError('csr-key-forbidden', `elliptic curve ${describe().parameter ?? '(implicit)'} is not accepted; use P-256 or P-384`);
    return { algorithm, spki, key: importEcKey(spki, algorithm) };
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CaError('csr-key-forbidden', 'the public key cannot be decoded (invalid modulus)');
  }
  if (algorithmOid === RSA_ENCRYPTION) {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    const algorithm = RSA_SIZES[bits];
    if (!algorithm) throw new CaError('csr-key-forbidden', `RSA keys of ${bits} bits are not accepted; use 2048 or 3072`);
    if (key.asymmetricKeyDetails?.publicExponent !== 65537n) throw new CaError('csr-key-forbidden', 'RSA public exponent must be 65537');
    return { algorithm, spki, key };
  }
  throw new CaError('csr-key-forbidden', `public key algorithm ${describe().algorithm} is not accepted`);
}

const COORDINATE_BYTES: Record<string, number> = { 'ec-p256': 32, 'ec-p384': 48 };
const JWK_CURVE: Record<string, string> = { 'ec-p256': 'P-256', 'ec-p384': 'P-384' };

/**
 * Imports an EC public key. An uncompressed point goes through JWK, which OpenSSL imports twice as
 * fast as SPKI DER (its DER decoder pipeline dominates issuance time) and still checks that the point
 * lies on the curve; anything else (compressed points) takes the DER path.
 */
function importEcKey(spki: Buffer, algorithm: KeyAlgorithm): KeyObject {
  const size = COORDINATE_BYTES[algorithm];
  const point = spki.subarray(spki.length - (2 * size + 1));
  try {
    if (point[0] === 0x04 && spki[spki.length - (2 * size + 2)] === 0x00) {
      return createPublicKey({
        key: { kty: 'EC', crv: JWK_CURVE[algorithm], x: point.subarray(1, 1 + size).toString('base64url'), y: point.subarray(1 + size).toString('base64url') },
        format: 'jwk',
      });
    }
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CaError('csr-key-forbidden', 'the public key is not a valid point on its curve');
  }
}
