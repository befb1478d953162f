/**
 * A person as the civil registry knows them. The first 22 fields are the attributes of the consent
 * screen, in the guide's order, named in stable snake_case because they become claim names; an
 * attribute that does not apply to this person is `null`, never absent, so a consent screen can show
 * "not applicable" rather than guess. The fields after them are what enrolment needs and are never
 * shared through consent.
 *
 * Value conventions:
 * - dates are `YYYY-MM-DD` (calendar dates, no time zone);
 * - an attribute the guide lists twice (Latin and Arabic) is two fields (`_en`, `_ar`); one it lists
 *   once whose value is text carries both scripts as `{ en, ar }` (permanent address, occupation);
 * - nationality is the ICAO 9303 / ISO 3166-1 alpha-3 code, as in a passport's machine-readable zone
 *   (`nationalityName` gives its labels);
 * - the photo is a reference (media type and SHA-256); the bytes come from `CivilRegistry.photo`,
 *   because registries serve images separately and the hash binds them to the card data.
 */
export interface RegistryPerson {
  civil_number: string;
  card_expiry_date: string;
  full_name_en: string;
  full_name_ar: string;
  title_en: string | null;
  title_ar: string | null;
  card_status: CardStatus;
  card_serial_number: string;
  passport_number: string | null;
  passport_expiry_date: string | null;
  date_of_birth: string;
  photo: PhotoReference;
  gender_en: 'Male' | 'Female';
  gender_ar: 'ذكر' | 'أنثى';
  nationality: string;
  permanent_address: BilingualText;
  occupation: BilingualText;
  /** Residents only: the residence visa's end. */
  visa_expiry_date: string | null;
  date_of_death: string | null;
  /** Residents only: the employer (company or ministry) or the person who sponsors the residence. */
  sponsor_en: string | null;
  sponsor_ar: string | null;
  /** Only for someone who entered on a visit visa and whose record still carries its number. */
  visitor_visa_number: string | null;

  // What enrolment needs (certificate subject, one-time codes), not consent attributes.
  /** Latin given name: the certificate subject's `givenName`. */
  given_name_en: string;
  /** Latin family name: the certificate subject's `surname`. */
  family_name_en: string;
  given_name_ar: string;
  family_name_ar: string;
  /** Mobile number on record, E.164 (`+9689xxxxxxx`): where one-time codes go. */
  phone_number: string;
  email: string | null;
  residency: Residency;
  card_issue_date: string;
}

/** `valid`: usable; `expired`: past its expiry date; `cancelled`: withdrawn (lost, stolen, holder deceased). */
export type CardStatus = 'valid' | 'expired' | 'cancelled';
export type Residency = 'citizen' | 'resident';

export interface BilingualText {
  en: string;
  ar: string;
}

export interface PhotoReference {
  media_type: string;
  /** Lowercase hex SHA-256 of the image bytes `CivilRegistry.photo` returns. */
  sha256: string;
}

/** The 22 attributes of the consent screen, in the order the THEQA guide lists them. */
export const CONSENT_ATTRIBUTES = [
  'civil_number',
  'card_expiry_date',
  'full_name_en',
  'full_name_ar',
  'title_en',
  'title_ar',
  'card_status',
  'card_serial_number',
  'passport_number',
  'passport_expiry_date',
  'date_of_birth',
  'photo',
  'gender_en',
  'gender_ar',
  'nationality',
  'permanent_address',
  'occupation',
  'visa_expiry_date',
  'date_of_death',
  'sponsor_en',
  'sponsor_ar',
  'visitor_visa_number',
] as const satisfies readonly (keyof RegistryPerson)[];

export type ConsentAttribute = (typeof CONSENT_ATTRIBUTES)[number];

/** The fields enrolment uses and consent never shares, in the order records list them. */
export const ENROLMENT_FIELDS = [
  'given_name_en',
  'family_name_en',
  'given_name_ar',
  'family_name_ar',
  'phone_number',
  'email',
  'residency',
  'card_issue_date',
] as const satisfies readonly Exclude<keyof RegistryPerson, ConsentAttribute>[];

// Compile-time check that the two lists name every field of a record, so none escapes description or tests.
type UnlistedField = Exclude<keyof RegistryPerson, ConsentAttribute | (typeof ENROLMENT_FIELDS)[number]>;
const _everyFieldListed: [UnlistedField] extends [never] ? true : never = true;
