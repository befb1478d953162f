import type { AssuranceLevel, Bilingual } from '@theqa/kernel';
import type { PortalCertificate } from '../portal-app-dependencies';

/** Words several pages share. */
export const ASSURANCE: Record<AssuranceLevel, Bilingual> = {
  medium: { ar: 'متوسط', en: 'Medium' },
  high: { ar: 'مرتفع', en: 'High' },
};

export const DEVICE_STATUS: Record<'active' | 'revoked', { kind: string; text: Bilingual }> = {
  active: { kind: 'good', text: { ar: 'نشط', en: 'Active' } },
  revoked: { kind: 'bad', text: { ar: 'ملغى', en: 'Revoked' } },
};

/** What a certificate is for, by its profile. */
export function certificatePurpose(profile: string): Bilingual {
  switch (profile) {
    case 'device-authentication':
      return { ar: 'المصادقة (الجهاز)', en: 'Authentication (device)' };
    case 'card-authentication':
      return { ar: 'المصادقة (البطاقة الشخصية)', en: 'Authentication (ID card)' };
    case 'qualified-signing':
      return { ar: 'التوقيع المعتمد', en: 'Qualified signing' };
    case 'card-qualified-signing':
      return { ar: 'التوقيع المعتمد (البطاقة الشخصية)', en: 'Qualified signing (ID card)' };
    default:
      return { ar: profile, en: profile };
  }
}

/** The certificate's state as the CA has it today: valid, revoked, suspended or expired. */
export function certificateState(certificate: PortalCertificate, now: Date): { kind: string; text: Bilingual } {
  if (certificate.status === 'revoked') return { kind: 'bad', text: { ar: 'ملغاة', en: 'Revoked' } };
  if (certificate.status === 'on-hold') return { kind: 'warn', text: { ar: 'موقوفة مؤقتاً', en: 'Suspended' } };
  if (certificate.status === 'pending') return { kind: 'neutral', text: { ar: 'قيد الإصدار', en: 'Being issued' } };
  if (certificate.notAfter <= now) return { kind: 'warn', text: { ar: 'منتهية', en: 'Expired' } };
  return { kind: 'good', text: { ar: 'سارية', en: 'Valid' } };
}

export const PLATFORM: Record<string, Bilingual> = {
  web: { ar: 'المحفظة الإلكترونية', en: 'Web wallet' },
  cli: { ar: 'محفظة سطر الأوامر', en: 'Command-line wallet' },
  android: { ar: 'أندرويد', en: 'Android' },
  ios: { ar: 'iOS', en: 'iOS' },
};

export const platformName = (platform: string): Bilingual => PLATFORM[platform] ?? { ar: platform, en: platform };

/** A size as people read it: "12.4 kilobytes", "٢٥ ميغابايت" (plain text, to be escaped). */
export function sizeInWords(bytes: number, lang: 'ar' | 'en'): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'megabyte'] : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
}
