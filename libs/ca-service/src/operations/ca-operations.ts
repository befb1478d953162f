import type { CertificateRecord } from '@theqa/ca';
import type { PostgresCertificateSearch } from '@theqa/persistence';
import type { CertificateAuthority } from '../certificate-authority';
import { authorityOverview, expiryWarnings, type AuthorityOverview, type ExpiryWarning, type KeyStoreLocation } from './authority-overview';
import { certificatePage, certificateSearchFilter, type CertificatePage, type CertificateQuery } from './certificate-query';

/** A CRL just published, as the page reports it (the DER is at the CA's distribution point). */
export interface StoredCrlSummary {
  issuer: string;
  crlNumber: bigint;
  entries: number;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface CaOperationsOptions {
  authority: CertificateAuthority;
  search: PostgresCertificateSearch;
  /** Where the CA keys are (from the configuration; never secrets). */
  keyStore: KeyStoreLocation;
  /** A CA or responder certificate expiring within this many days is a warning. */
  expiryWarningDays: number;
  clock?: () => Date;
}

/** Who asks for a status change: the administrator, and the second one who approved it (four eyes). */
export interface OperatorAction {
  /** e.g. `admin:<civil number>`. */
  actor: string;
  /** The approving administrator, when the change needed four eyes; kept in the audit log. */
  approvedBy?: string;
  comment?: string;
}

/**
 * The administrators' console's CA operations as one service: search the ledger, the hierarchy with
 * its key stores and expiry warnings, and the status changes and CRL publication of the CA (the same
 * RevocationService and CrlPublisher as `npx theqa ca`: OCSP and the CRL reflect a change at once,
 * and each is audited with its actor). No HTTP here.
 */
export class CaOperations {
  constructor(private readonly options: CaOperationsOptions) {}

  get expiryWarningDays(): number {
    return this.options.expiryWarningDays;
  }

  /** A page of certificates newest first (by reservation, then serial); bad input is CaOperationsError. */
  async searchCertificates(query: CertificateQuery = {}): Promise<CertificatePage> {
    const filter = certificateSearchFilter(query);
    return certificatePage(await this.options.search.search(filter), filter);
  }

  /** One certificate, with its DER (for download), or undefined. */
  certificate(serialHex: string): Promise<CertificateRecord | undefined> {
    return this.options.authority.ledger.find(serialHex);
  }

  /** Every authority of the hierarchy: role, certificate life, key label and store (software or PKCS#11). */
  authorities(): AuthorityOverview[] {
    return authorityOverview(this.options.authority.authorities.all(), this.options.keyStore, this.now(), this.options.expiryWarningDays);
  }

  /** CA and OCSP responder (and TSA) certificates that expire within the warning period, soonest first. */
  expiryWarnings(): ExpiryWarning[] {
    return expiryWarnings(this.authorities());
  }

  /** Revokes (from good or on hold); the reason is an RFC 5280 name (`keyCompromise`, `superseded`…). */
  revoke(request: OperatorAction & { serialHex: string; reason: string; invalidityDate?: Date }): Promise<CertificateRecord> {
    return this.options.authority.revocation.revoke({ serialHex: request.serialHex, reason: request.reason, invalidityDate: request.invalidityDate, actor: request.actor, comment: auditComment(request) });
  }

  /** Suspends (certificateHold); release lifts it. */
  hold(request: OperatorAction & { serialHex: string }): Promise<CertificateRecord> {
    return this.options.authority.revocation.hold({ serialHex: request.serialHex, actor: request.actor, comment: auditComment(request) });
  }

  release(request: OperatorAction & { serialHex: string }): Promise<CertificateRecord> {
    return this.options.authority.revocation.release({ serialHex: request.serialHex, actor: request.actor, comment: auditComment(request) });
  }

  /** The CAs that publish CRLs (the choices of "publish a CRL now"). */
  crlIssuers(): string[] {
    return this.options.authority.crls.crlIssuers().map((a) => a.name);
  }

  /** Publishes the CRL of one CA, or of every CA, now (`crl.published` is audited by the publisher). */
  async publishCrls(ca?: string): Promise<StoredCrlSummary[]> {
    const names = ca === undefined ? this.crlIssuers() : [this.options.authority.authorities.get(ca).name];
    const published: StoredCrlSummary[] = [];
    for (const name of names) {
      const crl = await this.options.authority.crls.publish(name);
      published.push({ issuer: crl.issuer, crlNumber: crl.crlNumber, entries: crl.entries, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate });
    }
    return published;
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }
}

/** The comment the audit entry keeps: the operator's, and who approved it. */
function auditComment(request: OperatorAction): string | undefined {
  const parts = [request.comment?.trim(), request.approvedBy ? `approved by ${request.approvedBy}` : undefined].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}
