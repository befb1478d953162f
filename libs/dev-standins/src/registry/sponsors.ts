import type { Name } from './omani-names';
import type { SponsorKind } from './occupations';

/** Fictitious employers (any likeness to a real company is unintended) and the two ministries. */
export const COMPANY_SPONSORS: readonly Name[] = [
  { en: 'Muscat Engineering Services LLC', ar: 'شركة مسقط للخدمات الهندسية ش.م.م' },
  { en: 'Al Batinah Trading and Contracting LLC', ar: 'شركة الباطنة للتجارة والمقاولات ش.م.م' },
  { en: 'Sohar Logistics SAOC', ar: 'شركة صحار للخدمات اللوجستية ش.م.ع.م' },
  { en: 'Dhofar Hospitality LLC', ar: 'شركة ظفار للضيافة ش.م.م' },
  { en: 'Oman Digital Solutions LLC', ar: 'شركة عمان للحلول الرقمية ش.م.م' },
  { en: 'Duqm Marine Works LLC', ar: 'شركة الدقم للأعمال البحرية ش.م.م' },
  { en: 'Nizwa Medical Centre LLC', ar: 'مركز نزوى الطبي ش.م.م' },
];

export const MINISTRY_SPONSORS: Readonly<Record<Extract<SponsorKind, `ministry-${string}`>, Name>> = {
  'ministry-of-health': { en: 'Ministry of Health', ar: 'وزارة الصحة' },
  'ministry-of-education': { en: 'Ministry of Education', ar: 'وزارة التربية والتعليم' },
};
