import { parseDate } from '../calendar';
import type { CardStatusReport } from './civil-registry';
import type { BilingualText, CardStatus, RegistryPerson } from './registry-person';

/** A field of the registry's answer that is missing or not what the wire contract says. */
export class RegistryAnswerInvalid extends Error {
  constructor(readonly field: string, expected: string) {
    super(`${field} must be ${expected}`);
  }
}

type Check<T> = (value: unknown, field: string) => T;

const text: Check<string> = (value, field) => {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 500) throw new RegistryAnswerInvalid(field, 'a non-empty text');
  return value;
};
const date: Check<string> = (value, field) => {
  try {
    if (typeof value !== 'string') throw new RangeError('not text');
    parseDate(value);
    return value;
  } catch {
    throw new RegistryAnswerInvalid(field, 'a date YYYY-MM-DD');
  }
};
const oneOf =
  <T extends string>(...allowed: T[]): Check<T> =>
  (value, field) => {
    if (!allowed.includes(value as T)) throw new RegistryAnswerInvalid(field, `one of ${allowed.join(', ')}`);
    return value as T;
  };
const nullable =
  <T,>(check: Check<T>): Check<T | null> =>
  (value, field) =>
    value === null ? null : check(value, field);
const bilingual: Check<BilingualText> = (value, field) => {
  if (typeof value !== 'object' || value === null) throw new RegistryAnswerInvalid(field, 'an object { en, ar }');
  const { en, ar } = value as Record<string, unknown>;
  return { en: text(en, `${field}.en`), ar: text(ar, `${field}.ar`) };
};
const pattern =
  (regex: RegExp, expected: string): Check<string> =>
  (value, field) => {
    if (typeof value !== 'string' || !regex.test(value)) throw new RegistryAnswerInvalid(field, expected);
    return value;
  };
const civilNumber = pattern(/^\d{6,12}$/, '6 to 12 digits');
const cardSerial = pattern(/^[A-Za-z0-9-]{1,32}$/, 'a card serial (letters, digits, -)');
const cardStatus = oneOf<CardStatus>('valid', 'expired', 'cancelled');

// Every field of the record, checked as the wire contract (README) states it. The compiler keeps this
// list complete: a field added to RegistryPerson is an error here until it is checked.
const PERSON_FIELDS: { [K in keyof RegistryPerson]-?: Check<RegistryPerson[K]> } = {
  civil_number: civilNumber,
  card_expiry_date: date,
  full_name_en: text,
  full_name_ar: text,
  title_en: nullable(text),
  title_ar: nullable(text),
  card_status: cardStatus,
  card_serial_number: cardSerial,
  passport_number: nullable(text),
  passport_expiry_date: nullable(date),
  date_of_birth: date,
  photo: (value, field) => {
    if (typeof value !== 'object' || value === null) throw new RegistryAnswerInvalid(field, 'an object { media_type, sha256 }');
    const { media_type, sha256 } = value as Record<string, unknown>;
    return { media_type: pattern(/^image\/[a-z0-9.+-]+$/, 'an image media type')(media_type, `${field}.media_type`), sha256: pattern(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256')(sha256, `${field}.sha256`) };
  },
  gender_en: oneOf('Male', 'Female'),
  gender_ar: oneOf('ذكر', 'أنثى'),
  nationality: pattern(/^[A-Z]{3}$/, 'an ICAO alpha-3 code'),
  permanent_address: bilingual,
  occupation: bilingual,
  visa_expiry_date: nullable(date),
  date_of_death: nullable(date),
  sponsor_en: nullable(text),
  sponsor_ar: nullable(text),
  visitor_visa_number: nullable(text),
  given_name_en: text,
  family_name_en: text,
  given_name_ar: text,
  family_name_ar: text,
  phone_number: pattern(/^\+[1-9]\d{7,14}$/, 'an E.164 phone number'),
  email: nullable(text),
  residency: oneOf('citizen', 'resident'),
  card_issue_date: date,
};

/**
 * The registry's record as the platform's `RegistryPerson`: every field present and checked, members
 * the contract does not name left out (a newer registry may send more), so nothing unchecked travels on.
 */
export function readRegistryPerson(json: unknown, civilNumber: string): RegistryPerson {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RegistryAnswerInvalid('the record', 'a JSON object');
  const record = json as Record<string, unknown>;
  const person = Object.fromEntries(
    Object.entries(PERSON_FIELDS).map(([field, check]) => {
      if (!(field in record)) throw new RegistryAnswerInvalid(field, 'present (null where it does not apply)');
      return [field, (check as Check<unknown>)(record[field], field)];
    }),
  ) as unknown as RegistryPerson;
  if (person.civil_number !== civilNumber) throw new RegistryAnswerInvalid('civil_number', `the civil number asked for (${civilNumber})`);
  return person;
}

/** The registry's answer about one card: `{ civil_number, card_serial_number, status, card_expiry_date }`. */
export function readCardStatus(json: unknown, civilNumber: string, cardSerial: string): CardStatusReport {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new RegistryAnswerInvalid('the card status', 'a JSON object');
  const record = json as Record<string, unknown>;
  if (record.civil_number !== civilNumber) throw new RegistryAnswerInvalid('civil_number', `the civil number asked for (${civilNumber})`);
  if (record.card_serial_number !== cardSerial) throw new RegistryAnswerInvalid('card_serial_number', `the card serial asked for (${cardSerial})`);
  const status = oneOf<CardStatus | 'unknown'>('valid', 'expired', 'cancelled', 'unknown')(record.status, 'status');
  const cardExpiryDate = status === 'unknown' ? null : date(record.card_expiry_date, 'card_expiry_date');
  return { civilNumber, cardSerial, status, cardExpiryDate };
}
