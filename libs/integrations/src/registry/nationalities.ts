import type { Label } from './registry-labels';

/**
 * Nationalities the registry records, by ICAO 9303 alpha-3 code (as in a passport's machine-readable
 * zone), with the adjective a person is described by.
 */
export const NATIONALITIES: Readonly<Record<string, Label>> = {
  OMN: { en: 'Omani', ar: 'عماني' },
  IND: { en: 'Indian', ar: 'هندي' },
  PAK: { en: 'Pakistani', ar: 'باكستاني' },
  BGD: { en: 'Bangladeshi', ar: 'بنغلاديشي' },
  EGY: { en: 'Egyptian', ar: 'مصري' },
  PHL: { en: 'Filipino', ar: 'فلبيني' },
  GBR: { en: 'British', ar: 'بريطاني' },
  JOR: { en: 'Jordanian', ar: 'أردني' },
  LKA: { en: 'Sri Lankan', ar: 'سريلانكي' },
};

/** The labels of a nationality code; an unknown code is shown as itself rather than refused. */
export function nationalityName(code: string): Label {
  return NATIONALITIES[code] ?? { en: code, ar: code };
}
