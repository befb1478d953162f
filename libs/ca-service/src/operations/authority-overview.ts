import { describeName, readCertificateFields, type Authority } from '@theqa/ca';
import type { Bilingual } from '@theqa/kernel';

/**
 * Where the CA keys are kept, as the console may show it: the store's kind and, for an HSM, the module
 * and token. Never a PIN, a master key or key material.
 */
export type KeyStoreLocation = { kind: 'software'; directory: string } | { kind: 'pkcs11'; library: string; tokenLabel: string };

export type AuthorityRole = 'root-ca' | 'issuing-ca' | 'ocsp-responder' | 'time-stamping-unit' | 'signer';

/** One authority of the hierarchy: its certificate's life and where its key is. */
export interface AuthorityOverview {
  name: string;
  role: AuthorityRole;
  roleLabel: Bilingual;
  profile: string;
  subject: string;
  /** The authority that issued its certificate (itself, for the root). */
  issuer?: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  expiry: 'valid' | 'expiring' | 'expired';
  key: { label: string; algorithm: string; store: KeyStoreLocation };
}

/** An authority whose certificate expires within the warning period (or has expired). */
export interface ExpiryWarning {
  authority: string;
  role: AuthorityRole;
  notAfter: Date;
  daysLeft: number;
  expired: boolean;
  message: Bilingual;
}

const ROLE_LABELS: Record<AuthorityRole, Bilingual> = {
  'root-ca': { ar: 'جهة التصديق الجذرية', en: 'Root CA' },
  'issuing-ca': { ar: 'جهة تصديق مُصدِرة', en: 'Issuing CA' },
  'ocsp-responder': { ar: 'مستجيب OCSP', en: 'OCSP responder' },
  'time-stamping-unit': { ar: 'وحدة الختم الزمني', en: 'Time-stamping unit' },
  signer: { ar: 'جهة توقيع', en: 'Signer' },
};

const DAY_MS = 86_400_000;

/** The hierarchy's authorities, roots first then by name, with their expiry against `warningDays`. */
export function authorityOverview(authorities: Authority[], store: KeyStoreLocation, now: Date, warningDays: number): AuthorityOverview[] {
  return authorities
    .map((authority) => {
      const fields = readCertificateFields(authority.certificateDer);
      const issuer = authorities.find((candidate) => candidate.nameDer.equals(fields.issuerDer));
      const role = roleOf(authority.profile.name);
      const daysLeft = Math.floor((authority.notAfter.getTime() - now.getTime()) / DAY_MS);
      return {
        name: authority.name,
        role,
        roleLabel: ROLE_LABELS[role],
        profile: authority.profile.name,
        subject: describeName(authority.subject),
        issuer: issuer?.name,
        serialHex: fields.serial.toString('hex').toUpperCase(),
        notBefore: authority.notBefore,
        notAfter: authority.notAfter,
        daysLeft,
        expiry: authority.notAfter <= now ? ('expired' as const) : daysLeft < warningDays ? ('expiring' as const) : ('valid' as const),
        key: { label: authority.key.label, algorithm: authority.key.keyAlgorithm, store },
      };
    })
    .sort((a, b) => Number(b.role === 'root-ca') - Number(a.role === 'root-ca') || a.name.localeCompare(b.name));
}

/** The CA and responder certificates (every authority, in fact) that expire within the warning period. */
export function expiryWarnings(overview: AuthorityOverview[]): ExpiryWarning[] {
  return overview
    .filter((a) => a.expiry !== 'valid')
    .sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())
    .map((a) => {
      const expired = a.expiry === 'expired';
      const day = a.notAfter.toISOString().slice(0, 10);
      return {
        authority: a.name,
        role: a.role,
        notAfter: a.notAfter,
        daysLeft: a.daysLeft,
        expired,
        message: expired
          ? { ar: `انتهت صلاحية شهادة ${a.roleLabel.ar} «${a.name}» في ${day}: جدّدها بالأمر npx theqa ca init`, en: `The certificate of ${a.roleLabel.en} "${a.name}" expired on ${day}: renew it with npx theqa ca init` }
          : { ar: `تنتهي صلاحية شهادة ${a.roleLabel.ar} «${a.name}» في ${day} (بعد ${a.daysLeft} يومًا): جدّدها بالأمر npx theqa ca init`, en: `The certificate of ${a.roleLabel.en} "${a.name}" expires on ${day} (in ${a.daysLeft} days): renew it with npx theqa ca init` },
      };
    });
}

function roleOf(profile: string): AuthorityRole {
  return profile === 'root-ca' || profile === 'issuing-ca' || profile === 'ocsp-responder' || profile === 'time-stamping-unit' ? profile : 'signer';
}
