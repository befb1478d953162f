/** The languages every text a person reads is written in: Arabic first, English second. */
export type Language = 'ar' | 'en';

/**
 * A text in both languages: a label of the attribute catalogue, a relying party's name and purpose, a
 * problem's title, what a device shows. Both are always present; neither is a translation key.
 */
export interface Bilingual {
  ar: string;
  en: string;
}
