import { createPublicKey, KeyObject, webcrypto } from 'node:crypto';
import { children, content, decodeOid, expectTag, oidKey, oidKeyOf, readRoot, DerError } from '../der/der-reader';
import { oid, Tag } from '../der/der-writer';
import type { KeyAlgorithm } from '@theqa/keys';
import { OID } from '../oids';
import { CaError } from '../errors/ca-error';
import { ecSubjectPublicKeyInfo, NAMED_CURVE_OID } from './subject-public-key-info';

export interface SubjectPublicKey {
  algorithm: KeyAlgorithm;
  spki: Buffer;
  /** The subjectPublicKey BIT STRING's bits, its unused-bits octet dropped: what a key identifier hashes. */
  keyBits: Buffer;
  key: KeyObject;
}

type EcKeyAlgorithm = 'ec-p256' | 'ec-p384';
const COORDINATE_BYTES: Record<EcKeyAlgorithm, number> = { 'ec-p256': 32, 'ec-p384': 48 };

// Keyed by OID content octets (oidKey): recognising an OID costs a Map lookup, not a decode.
const CURVES = new Map<string, EcKeyAlgorithm>([
  [oidKeyOf(oid(OID.prime256v1)), 'ec-p256'],
  [oidKeyOf(oid(OID.secp384r1)), 'ec-p384'],
]);
const EC_PUBLIC_KEY = oidKeyOf(oid(OID.ecPublicKey));
const RSA_ENCRYPTION = oidKeyOf(oid(OID.rsaEncryption));
const RSA_SIZES: Record<number, KeyAlgorithm> = { 2048: 'rsa-2048', 3072: 'rsa-3072' };

/**
 * The complete DER of a named-curve SubjectPublicKeyInfo up to and including the 04 that opens an
 * uncompressed point (RFC 5480): SEQUENCE { SEQUENCE { ecPublicKey, curve }, BIT STRING { 00 04 X Y } }.
 * With the total length, these bytes fix every tag and length: only X and Y are left to validate.
 */
const UNCOMPRESSED_EC_FORMS = (['ec-p256', 'ec-p384'] as const).map((algorithm: EcKeyAlgorithm) => {
  const size = COORDINATE_BYTES[algorithm];
  const der = ecSubjectPublicKeyInfo(NAMED_CURVE_OID[algorithm], Buffer.concat([Buffer.from([0x04]), Buffer.alloc(2 * size)]));
  return { algorithm, length: der.length, header: Uint8Array.from(der.subarray(0, der.length - 2 * size)) };
});

/**
 * Identifies and validates a SubjectPublicKeyInfo: only the key types the CA knows, and only points
 * on the curve / well-formed moduli (OpenSSL checks both when it decodes the key).
 */
export function readSubjectPublicKey(spki: Buffer): Promise<SubjectPublicKey> {
  // What devices send nearly always: a named-curve key with an uncompressed point, whose DER is fixed
  // byte for byte but for the point. Matching those bytes recognises it without walking the DER.
  for (const form of UNCOMPRESSED_EC_FORMS) {
    if (spki.length === form.length && startsWith(spki, form.header)) return importUncompressedEcKey(spki, form.algorithm, spki.subarray(form.header.length - 1));
  }
  return readAnySubjectPublicKey(spki);
}

async function readAnySubjectPublicKey(spki: Buffer): Promise<SubjectPublicKey> {
  let algorithmOid: string;
  let parameterOid: string | undefined;
  let describe: () => { algorithm: string; parameter?: string };
  let subjectPublicKey: Buffer;
  try {
    const root = readRoot(spki);
    const [algorithm, bits] = children(spki, expectTag(root, Tag.SEQUENCE, 'SubjectPublicKeyInfo'));
    subjectPublicKey = content(spki, expectTag(bits, Tag.BIT_STRING, 'subjectPublicKey'));
    const [id, parameters] = children(spki, expectTag(algorithm, Tag.SEQUENCE, 'AlgorithmIdentifier'));
    algorithmOid = oidKey(spki, expectTag(id, Tag.OID, 'algorithm OID'));
    const curve = parameters?.tag === Tag.OID ? parameters : undefined;
    parameterOid = curve && oidKey(spki, curve);
    // Dotted forms only for error messages: decoding is the slow part.
    describe = () => ({ algorithm: decodeOid(content(spki, id)), parameter: curve && decodeOid(content(spki, curve)) });
  } catch (error) {
    throw new CaError('csr-malformed', `the public key is not a valid SubjectPublicKeyInfo (${(error as DerError).message})`);
  }
  const keyBits = subjectPublicKey.subarray(1);
  if (algorithmOid === EC_PUBLIC_KEY) {
    const algorithm = parameterOid === undefined ? undefined : CURVES.get(parameterOid);
    if (!algorithm) throw new CaError('csr-key-forbidden', `elliptic curve ${describe().parameter ?? '(implicit)'} is not accepted; use P-256 or P-384`);
    // BIT STRING content: no unused bits, then the SEC 1 point 04 || X || Y.
    const size = COORDINATE_BYTES[algorithm];
    if (subjectPublicKey.length === 2 * size + 2 && subjectPublicKey[0] === 0x00 && subjectPublicKey[1] === 0x04) return importUncompressedEcKey(spki, algorithm, keyBits);
    return { algorithm, spki, keyBits, key: decodeEcKey(spki) };
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
    return { algorithm, spki, keyBits, key };
  }
  throw new CaError('csr-key-forbidden', `public key algorithm ${describe().algorithm} is not accepted`);
}

const WEBCRYPTO_CURVE: Record<EcKeyAlgorithm, EcKeyImportParams> = { 'ec-p256': { name: 'ECDSA', namedCurve: 'P-256' }, 'ec-p384': { name: 'ECDSA', namedCurve: 'P-384' } };
const VERIFY: KeyUsage[] = ['verify'];

/**
 * Imports an EC public key, validated: the point must lie on the curve (OpenSSL's EC_POINT_oct2point),
 * not be the point at infinity, and have coordinates below the field prime (EVP_PKEY_public_check_quick).
 *
 * An uncompressed point goes through WebCrypto's "raw" import, the cheapest validated route Node 20
 * offers: SPKI DER runs OpenSSL 3's decoder pipeline (the slowest), JWK runs EC_KEY_check_key, which
 * also multiplies the point by the group order — redundant for P-256 and P-384, whose cofactor is 1
 * (every point on the curve is in the prime-order group) — and leaves a legacy key that verify must
 * export to the provider again. Anything else (compressed points) takes the DER path (decodeEcKey).
 */
async function importUncompressedEcKey(spki: Buffer, algorithm: EcKeyAlgorithm, point: Buffer): Promise<SubjectPublicKey> {
  let key: KeyObject;
  try {
    key = KeyObject.from(await webcrypto.subtle.importKey('raw', point, WEBCRYPTO_CURVE[algorithm], true, VERIFY));
  } catch {
    throw new CaError('csr-key-forbidden', 'the public key is not a valid point on its curve');
  }
  return { algorithm, spki, keyBits: point, key };
}

function decodeEcKey(spki: Buffer): KeyObject {
  try {
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw new CaError('csr-key-forbidden', 'the public key is not a valid point on its curve');
  }
}

function startsWith(buf: Buffer, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (buf[i] !== prefix[i]) return false;
  return true;
}
