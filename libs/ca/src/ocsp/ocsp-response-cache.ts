/**
 * Storage of pre-signed OCSP responses, so that answering a nonce-less request costs a lookup rather
 * than a signature. In-memory for one process (`InMemoryOcspResponseCache`); shared implementations
 * (PostgreSQL) live with the application.
 */
export interface OcspCacheKey {
  issuerName: string;
  /** Lowercase, as `normaliseSerialHex` spells it. */
  serialHex: string;
  /**
   * Which CertID encoding the stored answer echoes: `sha1`, `sha256`, or those with `-noparams` for a
   * hash AlgorithmIdentifier without NULL. For a given issuer and serial these are the only differences.
   */
  variant: string;
}

export interface CachedOcspResponse {
  der: Buffer;
  nextUpdate: Date;
}

export interface OcspResponseCache {
  /** The stored answer, or undefined. Callers never mutate the Buffer. */
  get(key: OcspCacheKey): Promise<CachedOcspResponse | undefined>;
  /**
   * The stored answer if it is at hand without I/O and as current as `get` would return, else
   * undefined (then call `get`). Optional: lets a responder answer a cached request synchronously.
   */
  peek?(key: OcspCacheKey): CachedOcspResponse | undefined;
  /**
   * Stores an answer, unless the entry already there has the same or a later nextUpdate; with
   * `replace`, stores it regardless (what `presign` does after a status change).
   *
   * Why: nextUpdate is thisUpdate plus a fixed validity, and thisUpdate is taken before the status is
   * read, so a signing that read the status before a revocation has a nextUpdate no later than the
   * presign that follows it. Keeping same-or-later entries stops such a slow signer (possibly in another
   * process) from bringing the old status back after the presign stored; the presign replacing
   * unconditionally covers the slow signer that stored first.
   * In SQL: `ON CONFLICT … DO UPDATE … WHERE $replace OR excluded.next_update > cache.next_update`.
   */
  put(key: OcspCacheKey, der: Buffer, nextUpdate: Date, options?: { replace?: boolean }): Promise<void>;
  /** Forgets every variant stored for this certificate (after a status change). */
  invalidate(issuerName: string, serialHex: string): Promise<void>;
}
