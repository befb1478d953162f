import { CaError, reasonCode, type CertificateRecord } from '@theqa/ca';
import { certificatePage, certificateSearchFilter, type AuthorityOverview, type CertificatePage, type CertificateQuery, type ExpiryWarning } from '@theqa/ca-service';
import type { ActionExecutors } from '@theqa/administration';
import type { CaConsole } from '../src';

const DAY = 86_400_000;

/**
 * The console's view of the CA over memory: certificates by serial, the same query checks and paging
 * cursor as the real search, two CAs (one expiring soon), and the status changes the executors make.
 */
export class FakeCaOperations implements CaConsole {
  readonly expiryWarningDays = 90;
  readonly certificates = new Map<string, CertificateRecord>();
  readonly changes: string[] = [];
  readonly published: string[] = [];
  private issued = 0;

  /** A good certificate of this person (newest last). */
  add(civilNumber: string | undefined, serialHex: string, profile = 'device-authentication'): CertificateRecord {
    this.issued += 1;
    const record: CertificateRecord = {
      serialHex,
      issuer: 'citizen-authentication-ca',
      profile,
      subject: `CN=Test <b>${civilNumber ?? 'device'}</b>`,
      civilNumber,
      keyAlgorithm: 'EC P-256',
      spkiSha256: Buffer.alloc(32, 7),
      notBefore: new Date(Date.UTC(2026, 0, 1, 0, 0, this.issued)),
      notAfter: new Date(Date.UTC(2028, 0, 1)),
      issuedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, this.issued)),
      status: 'good',
      der: Buffer.from(`certificate ${serialHex}`),
    };
    this.certificates.set(serialHex, record);
    return record;
  }

  async searchCertificates(query: CertificateQuery = {}): Promise<CertificatePage> {
    const filter = certificateSearchFilter(query);
    const position = (r: CertificateRecord) => ({ reservedAt: `${r.issuedAt!.toISOString().slice(0, 19).replace('T', ' ')}+00`, serialHex: r.serialHex });
    let listed = [...this.certificates.values()]
      .filter((r) => (filter.civilNumber === undefined || r.civilNumber === filter.civilNumber) && (filter.status === undefined || r.status === filter.status) && (filter.issuer === undefined || r.issuer === filter.issuer) && (filter.profile === undefined || r.profile === filter.profile))
      .filter((r) => !filter.serialRange || (r.serialHex >= filter.serialRange.from && (filter.serialRange.below === undefined || r.serialHex < filter.serialRange.below)))
      .sort((a, b) => b.issuedAt!.getTime() - a.issuedAt!.getTime());
    if (filter.after) listed = listed.slice(listed.findIndex((r) => r.serialHex === filter.after!.serialHex) + 1);
    const listings = listed.slice(0, filter.limit).map((r) => ({ ...r, revocationReason: r.revocationReason, position: position(r) }));
    return certificatePage(listings, filter);
  }

  async certificate(serialHex: string): Promise<CertificateRecord | undefined> {
    const record = this.certificates.get(serialHex);
    return record && { ...record };
  }

  authorities(): AuthorityOverview[] {
    const now = Date.now();
    const authority = (name: string, role: AuthorityOverview['role'], days: number): AuthorityOverview => ({
      name,
      role,
      roleLabel: role === 'root-ca' ? { ar: 'جهة التصديق الجذرية', en: 'Root CA' } : role === 'ocsp-responder' ? { ar: 'مستجيب OCSP', en: 'OCSP responder' } : { ar: 'جهة تصديق مُصدِرة', en: 'Issuing CA' },
      profile: role,
      subject: `CN=${name}`,
      issuer: 'theqa-root-ca',
      serialHex: '0A0B',
      notBefore: new Date(now - 100 * DAY),
      notAfter: new Date(now + days * DAY + 3_600_000),
      daysLeft: days,
      expiry: days < this.expiryWarningDays ? 'expiring' : 'valid',
      key: { label: `${name}-key`, algorithm: 'EC P-384', store: role === 'ocsp-responder' ? { kind: 'pkcs11', library: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: 'theqa-ca' } : { kind: 'software', directory: '/var/lib/theqa/keys' } },
    });
    return [authority('theqa-root-ca', 'root-ca', 3000), authority('citizen-authentication-ca', 'issuing-ca', 1500), authority('citizen-authentication-ocsp', 'ocsp-responder', 20)];
  }

  expiryWarnings(): ExpiryWarning[] {
    return this.authorities()
      .filter((a) => a.expiry !== 'valid')
      .map((a) => ({ authority: a.name, role: a.role, notAfter: a.notAfter, daysLeft: a.daysLeft, expired: false, message: { ar: `تنتهي صلاحية شهادة «${a.name}» بعد ${a.daysLeft} يومًا`, en: `The certificate of "${a.name}" expires in ${a.daysLeft} days` } }));
  }

  crlIssuers(): string[] {
    return ['theqa-root-ca', 'citizen-authentication-ca'];
  }

  /** The executors the platform wires (apps/platform's caExecutors), over this memory. */
  executors(): ActionExecutors {
    const change = (serialHex: string, from: CertificateRecord['status'][], to: CertificateRecord['status'], fields: Partial<CertificateRecord>, note: string) => {
      const record = this.certificates.get(serialHex);
      if (!record) throw new CaError('certificate-unknown', serialHex);
      if (!from.includes(record.status)) throw new CaError('revocation-invalid', `${serialHex} is ${record.status}`);
      Object.assign(record, { status: to, ...fields });
      this.changes.push(note);
      return { serial: serialHex, status: to };
    };
    const revoke: NonNullable<ActionExecutors['certificate.revoke']> = async ({ subject, details, actor, approver }) =>
      change(subject, ['good', 'on-hold'], 'revoked', { revocationReason: reasonCode(String(details.reason)), revokedAt: new Date(), invalidityDate: typeof details.invalidityDate === 'string' ? new Date(details.invalidityDate) : undefined }, `revoke ${subject} ${String(details.reason)} by ${actor}${approver ? ` approved by ${approver}` : ''}`);
    return {
      'certificate.revoke': revoke,
      'certificate.revoke-administrator': revoke,
      'certificate.hold': async ({ subject, actor }) => change(subject, ['good'], 'on-hold', { revocationReason: 6, revokedAt: new Date() }, `hold ${subject} by ${actor}`),
      'certificate.release': async ({ subject, actor }) => change(subject, ['on-hold'], 'good', { revocationReason: undefined, revokedAt: undefined }, `release ${subject} by ${actor}`),
      'crl.publish': async ({ details }) => {
        const names = typeof details.ca === 'string' ? [details.ca] : this.crlIssuers();
        this.published.push(...names);
        return { crls: names.map((issuer, i) => ({ issuer, crlNumber: String(40 + i), entries: [...this.certificates.values()].filter((r) => r.status !== 'good').length, thisUpdate: new Date().toISOString(), nextUpdate: new Date(Date.now() + DAY).toISOString() })) };
      },
    };
  }
}
