/**
 * The path from a signer's (or a time-stamping authority's) certificate to a trust anchor: issuers
 * are looked for among the anchors first, then among the certificates the document carries (the
 * CMS, the DSS, time-stamp tokens). Each link is checked: names, the issuer's signature, and that
 * every issuer below the anchor is a CA.
 */
import { issued, type Certificate } from './certificate';

const MAX_DEPTH = 8;

export interface TrustStore {
  anchors: Certificate[];
  /** Every other certificate known to the validation. */
  pool: Certificate[];
}

/** Leaf first, the anchor last; undefined when no path reaches an anchor. */
export function buildChain(leaf: Certificate, store: TrustStore): Certificate[] | undefined {
  const isAnchor = (certificate: Certificate) => store.anchors.some((anchor) => anchor.sha256.equals(certificate.sha256));
  const walk = (path: Certificate[]): Certificate[] | undefined => {
    const current = path[path.length - 1];
    if (isAnchor(current)) return path;
    if (path.length > MAX_DEPTH) return undefined;
    for (const anchor of store.anchors) if (issued(anchor, current)) return [...path, anchor];
    for (const candidate of store.pool) {
      if (!candidate.isCa || path.some((link) => link.sha256.equals(candidate.sha256))) continue;
      if (!issued(candidate, current)) continue;
      const found = walk([...path, candidate]);
      if (found) return found;
    }
    return undefined;
  };
  return walk([leaf]);
}

export type ValidityAt = 'valid' | 'expired' | 'not-yet-valid';

/** Whether every certificate of the chain is within its validity at `time` (the anchor included). */
export function chainValidityAt(chain: Certificate[], time: Date): { state: 'valid' } | { state: Exclude<ValidityAt, 'valid'>; certificate: Certificate } {
  for (const certificate of chain) {
    if (time < certificate.notBefore) return { state: 'not-yet-valid', certificate };
    if (time > certificate.notAfter) return { state: 'expired', certificate };
  }
  return { state: 'valid' };
}

/** Certificates whose DER is unique, in order. */
export function uniqueCertificates(certificates: Certificate[]): Certificate[] {
  const seen = new Set<string>();
  return certificates.filter((certificate) => {
    const key = certificate.sha256.toString('hex');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
