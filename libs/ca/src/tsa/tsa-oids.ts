/**
 * Object identifiers of RFC 3161 time-stamping and the CMS pieces a time-stamp token is made of. Kept
 * local to the TSA so this folder depends only on the shared DER helpers and the signing-key port.
 */
export const TSA_OID = {
  /** RFC 5652 §5.1 ContentInfo content type of a SignedData. */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 3161 §2.4.2: eContentType of the token's encapsulated TSTInfo. */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  /** RFC 5652 §11 signed attributes. */
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  /** RFC 5035 ESS signing-certificate-v2 (RFC 5816 allows it in time-stamp tokens). */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 5280 extended key usage extension and the id-kp-timeStamping purpose (RFC 3161 §2.3). */
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** The imprint hashes this TSA accepts. SHA-1 and MD5 are refused on purpose (collisions are practical). */
export type TsaHashAlgorithm = 'sha256' | 'sha384' | 'sha512';

export const TSA_HASH: Record<TsaHashAlgorithm, { oid: string; length: number }> = {
  sha256: { oid: '2.16.840.1.101.3.4.2.1', length: 32 },
  sha384: { oid: '2.16.840.1.101.3.4.2.2', length: 48 },
  sha512: { oid: '2.16.840.1.101.3.4.2.3', length: 64 },
};

const HASH_BY_OID = new Map(Object.entries(TSA_HASH).map(([name, { oid }]) => [oid, name as TsaHashAlgorithm]));

export function hashAlgorithmOfOid(dotted: string): TsaHashAlgorithm | undefined {
  return HASH_BY_OID.get(dotted);
}
