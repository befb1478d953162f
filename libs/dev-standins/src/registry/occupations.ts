import type { Name } from './omani-names';

/** Who sponsors a resident in this occupation: an employer, a household, or a ministry. */
export type SponsorKind = 'company' | 'household' | 'ministry-of-health' | 'ministry-of-education';

export interface Occupation {
  en: string;
  /** Arabic job titles agree with the holder's gender. */
  ar: { Male?: string; Female?: string };
  /** A title the registry records for holders of this occupation. */
  title?: Name;
  /** Residents only. */
  sponsor?: SponsorKind;
  nationalities?: string[];
}

const DOCTOR: Name = { en: 'Dr.', ar: 'د.' };
const ENGINEER: Name = { en: 'Eng.', ar: 'م.' };

export const CITIZEN_OCCUPATIONS: readonly Occupation[] = [
  { en: 'Engineer', ar: { Male: 'مهندس', Female: 'مهندسة' }, title: ENGINEER },
  { en: 'Physician', ar: { Male: 'طبيب', Female: 'طبيبة' }, title: DOCTOR },
  { en: 'Teacher', ar: { Male: 'معلم', Female: 'معلمة' } },
  { en: 'Accountant', ar: { Male: 'محاسب', Female: 'محاسبة' } },
  { en: 'Nurse', ar: { Male: 'ممرض', Female: 'ممرضة' } },
  { en: 'Civil servant', ar: { Male: 'موظف حكومي', Female: 'موظفة حكومية' } },
  { en: 'Lawyer', ar: { Male: 'محامٍ', Female: 'محامية' } },
  { en: 'Pilot', ar: { Male: 'طيار', Female: 'طيارة' } },
  { en: 'Business owner', ar: { Male: 'صاحب عمل', Female: 'صاحبة عمل' } },
  { en: 'IT specialist', ar: { Male: 'أخصائي تقنية معلومات', Female: 'أخصائية تقنية معلومات' } },
  { en: 'Police officer', ar: { Male: 'ضابط شرطة', Female: 'ضابطة شرطة' } },
  { en: 'Fisherman', ar: { Male: 'صياد' } },
  { en: 'Farmer', ar: { Male: 'مزارع', Female: 'مزارعة' } },
  { en: 'Housewife', ar: { Female: 'ربة منزل' } },
];

export const STUDENT: Occupation = { en: 'Student', ar: { Male: 'طالب', Female: 'طالبة' } };
export const RETIRED: Occupation = { en: 'Retired', ar: { Male: 'متقاعد', Female: 'متقاعدة' } };

export const RESIDENT_OCCUPATIONS: readonly Occupation[] = [
  { en: 'Construction worker', ar: { Male: 'عامل بناء' }, sponsor: 'company', nationalities: ['IND', 'PAK', 'BGD'] },
  { en: 'Driver', ar: { Male: 'سائق' }, sponsor: 'household', nationalities: ['IND', 'PAK', 'BGD', 'LKA'] },
  { en: 'Domestic worker', ar: { Female: 'عاملة منزل' }, sponsor: 'household', nationalities: ['PHL', 'IND', 'BGD', 'LKA'] },
  { en: 'Nurse', ar: { Male: 'ممرض', Female: 'ممرضة' }, sponsor: 'ministry-of-health', nationalities: ['IND', 'PHL', 'JOR'] },
  { en: 'Physician', ar: { Male: 'طبيب', Female: 'طبيبة' }, title: DOCTOR, sponsor: 'ministry-of-health', nationalities: ['IND', 'EGY', 'JOR', 'PAK', 'GBR'] },
  { en: 'Teacher', ar: { Male: 'معلم', Female: 'معلمة' }, sponsor: 'ministry-of-education', nationalities: ['EGY', 'JOR'] },
  { en: 'Accountant', ar: { Male: 'محاسب', Female: 'محاسبة' }, sponsor: 'company', nationalities: ['IND', 'PAK', 'LKA'] },
  { en: 'Software engineer', ar: { Male: 'مهندس برمجيات', Female: 'مهندسة برمجيات' }, sponsor: 'company', nationalities: ['IND', 'GBR', 'EGY'] },
  { en: 'Sales manager', ar: { Male: 'مدير مبيعات', Female: 'مديرة مبيعات' }, sponsor: 'company', nationalities: ['IND', 'JOR', 'GBR', 'EGY'] },
  { en: 'Chef', ar: { Male: 'طاهٍ', Female: 'طاهية' }, sponsor: 'company', nationalities: ['IND', 'PHL', 'LKA'] },
  { en: 'Technician', ar: { Male: 'فني', Female: 'فنية' }, sponsor: 'company', nationalities: ['IND', 'PAK', 'BGD', 'PHL'] },
];

export function occupationFor(occupation: Occupation, gender: 'Male' | 'Female'): { en: string; ar: string } {
  const ar = occupation.ar[gender];
  if (!ar) throw new RangeError(`${occupation.en} is not recorded for ${gender}`);
  return { en: occupation.en, ar };
}

export function fitsGender(occupation: Occupation, gender: 'Male' | 'Female'): boolean {
  return occupation.ar[gender] !== undefined;
}
