/**
 * A certificate's revocation status at a given time, from the evidence the document carries (its DSS,
 * the signature's Adobe revocation archival attribute) and, when that says nothing current, from the
 * caller's function (the platform's OCSP responder and CRLs behind it). A verified "revoked" is final
 * whatever its age; "good" counts only when it speaks for the time asked about.
 */
import { createHash } from 'node:crypto';
import type { Certificate } from './certificate';
import { crlEvidence } from './crl';
import { TAG, bytesOf, children, contextConstructed, explicitInner, type Der } from './der';
import { ocspEvidence, type CertificateStatusEvidence } from './ocsp';

/** What the caller's revocation function returns for a certificate (DER). */
export interface FetchedRevocationData {
  ocspResponses?: Buffer[];
  crls?: Buffer[];
}

export type RevocationFetcher = (request: { certificate: Buffer; issuer: Buffer }) => Promise<FetchedRevocationData | undefined>;

export type RevocationSource = 'dss' | 'signature' | 'fetched';

export interface EvidenceSet {
  ocspResponses: Buffer[];
  crls: Buffer[];
}

export interface RevocationStatus {
  status: 'good' | 'revoked' | 'unknown';
  source?: RevocationSource;
  kind?: 'ocsp' | 'crl';
  thisUpdate?: Date;
  nextUpdate?: Date;
  revokedAt?: Date;
  /** SHA-256 (hex) of the response or CRL the status comes from. */
  evidenceSha256?: string;
}

/** How long a response without nextUpdate speaks for the time before it was made: none. After it: a day. */
const NO_NEXT_UPDATE_TOLERANCE = 24 * 3600 * 1000;

export async function revocationStatus(
  certificate: Certificate,
  issuer: Certificate,
  time: Date,
  embedded: Array<{ source: RevocationSource; evidence: EvidenceSet }>,
  pool: Certificate[],
  fetch: RevocationFetcher | undefined,
): Promise<RevocationStatus> {
  const sources = [...embedded];
  let status = decide(certificate, issuer, time, sources, pool);
  if (status.status === 'unknown' && fetch) {
    let fetched: FetchedRevocationData | undefined;
    try {
      fetched = await fetch({ certificate: certificate.der, issuer: issuer.der });
    } catch {
      fetched = undefined; // the responder being down is "try later", not a validation error
    }
    if (fetched) {
      sources.push({ source: 'fetched', evidence: { ocspResponses: fetched.ocspResponses ?? [], crls: fetched.crls ?? [] } });
      status = decide(certificate, issuer, time, sources, pool);
    }
  }
  return status;
}

function decide(certificate: Certificate, issuer: Certificate, time: Date, sources: Array<{ source: RevocationSource; evidence: EvidenceSet }>, pool: Certificate[]): RevocationStatus {
  let good: RevocationStatus | undefined;
  for (const { source, evidence } of sources) {
    const candidates: Array<[CertificateStatusEvidence | undefined, 'ocsp' | 'crl', Buffer]> = [
      ...evidence.ocspResponses.map((der): [CertificateStatusEvidence | undefined, 'ocsp', Buffer] => [ocspEvidence(der, certificate, issuer, pool), 'ocsp', der]),
      ...evidence.crls.map((der): [CertificateStatusEvidence | undefined, 'crl', Buffer] => [crlEvidence(der, certificate, issuer), 'crl', der]),
    ];
    for (const [found, kind, der] of candidates) {
      if (!found || found.status === 'unknown') continue;
      const status: RevocationStatus = { status: found.status, source, kind, thisUpdate: found.thisUpdate, nextUpdate: found.nextUpdate, revokedAt: found.revokedAt, evidenceSha256: sha256(der) };
      if (found.status === 'revoked') return status;
      if (!good && speaksFor(found, time)) good = status;
    }
  }
  return good ?? { status: 'unknown' };
}

function speaksFor(evidence: CertificateStatusEvidence, time: Date): boolean {
  if (evidence.thisUpdate >= time) return true;
  if (evidence.nextUpdate) return evidence.nextUpdate >= time;
  return time.getTime() - evidence.thisUpdate.getTime() <= NO_NEXT_UPDATE_TOLERANCE;
}

/** RevocationInfoArchival (Adobe, 1.2.840.113583.1.1.8): [0] CRLs, [1] OCSP responses. */
export function revocationArchival(values: Der[] | undefined): EvidenceSet {
  const result: EvidenceSet = { ocspResponses: [], crls: [] };
  try {
    for (const value of values ?? []) {
      for (const part of value.tag === TAG.sequence ? children(value) : []) {
        const items = children(explicitInner(part));
        if (part.tag === contextConstructed(0)) result.crls.push(...items.map(bytesOf));
        if (part.tag === contextConstructed(1)) result.ocspResponses.push(...items.map(bytesOf));
      }
    }
  } catch {
    // An unreadable archival attribute is evidence of nothing.
  }
  return result;
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
