import { CaError } from '../errors/ca-error';
import type { CaEventSink, CertificateLedger, CertificateRecord, CertificateStatus } from '../issuance/certificate-ledger';
import { reasonCode, reasonName } from './revocation-reason';

export interface RevocationRequest {
  serialHex: string;
  reason: string;
  /** When the key is known or suspected to have been compromised (RFC 5280 §5.3.2); not in the future. */
  invalidityDate?: Date;
  actor: string;
  comment?: string;
}

export interface RevocationDependencies {
  ledger: CertificateLedger;
  events: CaEventSink;
  /** Called after every committed change: re-sign the OCSP answer, regenerate the CRL. */
  onStatusChanged?: (record: CertificateRecord) => Promise<void>;
  clock?: () => Date;
}

/**
 * Revocation, suspension (certificateHold) and release. Each change is a conditional update in the
 * ledger (from the states it is allowed from), so two administrators cannot overwrite each other.
 */
export class RevocationService {
  constructor(private readonly deps: RevocationDependencies) {}

  async revoke(request: RevocationRequest): Promise<CertificateRecord> {
    const reason = reasonCode(request.reason);
    if (reason === 6) throw new CaError('revocation-invalid', 'certificateHold is a suspension: use hold, which can be released');
    if (reason === 8) throw new CaError('revocation-invalid', 'removeFromCRL is not a revocation: use release to lift a hold');
    const now = this.now();
    if (request.invalidityDate && (Number.isNaN(request.invalidityDate.getTime()) || request.invalidityDate > now)) {
      throw new CaError('revocation-invalid', 'the invalidity date must be a past date');
    }
    return this.change(request, ['good', 'on-hold'], 'revoked', { reason, invalidityDate: request.invalidityDate, revokedAt: now }, 'certificate.revoked');
  }

  async hold(request: Omit<RevocationRequest, 'reason'>): Promise<CertificateRecord> {
    return this.change(request, ['good'], 'on-hold', { reason: 6, revokedAt: this.now() }, 'certificate.held');
  }

  async release(request: Omit<RevocationRequest, 'reason' | 'invalidityDate'>): Promise<CertificateRecord> {
    return this.change(request, ['on-hold'], 'good', {}, 'certificate.released');
  }

  private async change(
    request: { serialHex: string; actor: string; comment?: string },
    from: CertificateStatus[],
    to: 'revoked' | 'on-hold' | 'good',
    fields: { reason?: number; invalidityDate?: Date; revokedAt?: Date },
    action: string,
  ): Promise<CertificateRecord> {
    const current = await this.deps.ledger.find(request.serialHex);
    if (!current) throw new CaError('certificate-unknown', `no certificate with serial ${request.serialHex}`);
    const previousStatus = current.status;
    const updated = await this.deps.ledger.changeStatus({ serialHex: request.serialHex, from, to, actor: request.actor, comment: request.comment, ...fields });
    if (!updated) {
      const latest = (await this.deps.ledger.find(request.serialHex)) ?? { status: previousStatus };
      throw new CaError('revocation-invalid', `certificate ${request.serialHex} is ${latest.status}; it cannot become ${to}`, { status: latest.status });
    }
    await this.deps.events.record({
      action,
      actor: request.actor,
      subject: request.serialHex,
      details: {
        issuer: updated.issuer,
        profile: updated.profile,
        from: previousStatus,
        to,
        ...(fields.reason !== undefined ? { reason: reasonName(fields.reason) } : {}),
        ...(fields.invalidityDate ? { invalidity_date: fields.invalidityDate.toISOString() } : {}),
        ...(request.comment ? { comment: request.comment } : {}),
      },
      ...(updated.civilNumber ? { civilNumber: updated.civilNumber } : {}),
    });
    await this.deps.onStatusChanged?.(updated);
    return updated;
  }

  private now(): Date {
    return new Date(Math.floor((this.deps.clock ?? (() => new Date()))().getTime() / 1000) * 1000);
  }
}
