import type { CachedOcspResponse, OcspCacheKey, OcspResponseCache } from './ocsp-response-cache';

/**
 * A bounded, least-recently-used cache of signed responses for one process and for tests. Entries are
 * grouped by certificate so that `invalidate` drops all CertID variants at once; the bound counts
 * certificates (a P-256 answer is ~600 bytes, a handful of variants at most per certificate).
 */
export class InMemoryOcspResponseCache implements OcspResponseCache {
  private readonly certificates = new Map<string, Map<string, CachedOcspResponse>>();

  constructor(
    private readonly maxCertificates = 100_000,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (!(maxCertificates >= 1)) throw new RangeError('maxCertificates must be at least 1');
  }

  get size(): number {
    return this.certificates.size;
  }

  async get(key: OcspCacheKey): Promise<CachedOcspResponse | undefined> {
    return this.peek(key);
  }

  peek(key: OcspCacheKey): CachedOcspResponse | undefined {
    const group = key.issuerName + '\u0000' + key.serialHex;
    const variants = this.certificates.get(group);
    if (!variants) return undefined;
    const entry = variants.get(key.variant);
    if (entry && entry.nextUpdate <= this.clock()) {
      variants.delete(key.variant); // expired: useless to anyone
      if (variants.size === 0) this.certificates.delete(group);
      return undefined;
    }
    // A Map iterates in insertion order: re-inserting marks the group as most recently used.
    this.certificates.delete(group);
    this.certificates.set(group, variants);
    return entry;
  }

  async put(key: OcspCacheKey, der: Buffer, nextUpdate: Date, options?: { replace?: boolean }): Promise<void> {
    const group = key.issuerName + '\u0000' + key.serialHex;
    let variants = this.certificates.get(group);
    if (variants) {
      const existing = variants.get(key.variant);
      if (existing && existing.nextUpdate >= nextUpdate && !options?.replace) return; // see OcspResponseCache.put
      this.certificates.delete(group);
    } else {
      variants = new Map();
    }
    variants.set(key.variant, { der, nextUpdate });
    this.certificates.set(group, variants);
    if (this.certificates.size > this.maxCertificates) {
      // the first key is the least recently used group
      this.certificates.delete(this.certificates.keys().next().value as string);
    }
  }

  async invalidate(issuerName: string, serialHex: string): Promise<void> {
    this.certificates.delete(issuerName + '\u0000' + serialHex);
  }
}
