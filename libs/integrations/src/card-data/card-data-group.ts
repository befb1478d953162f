import { parseDate } from '../calendar';
import { IntegrationError } from '../errors';
import type { RegistryPerson } from '../registry/registry-person';
import { canonicalJson } from '@theqa/device-protocol';
import { isCivilNumber } from '@theqa/kernel';

/** Names the encoding below; a future encoding gets a new value rather than a silent change. */
export const CARD_DATA_FORMAT = 'theqa-card-data/1';

/**
 * The data on an ID card's chip as an NFC read yields it: what the CA's "Card Data Signer" key signs
 * (elsewhere) and the server compares with the registry. The photo is bound by its SHA-256 rather
 * than carried, as the registry serves it.
 */
export interface CardData {
  format: typeof CARD_DATA_FORMAT;
  civil_number: string;
  card_serial_number: string;
  card_expiry_date: string;
  full_name_en: string;
  full_name_ar: string;
  date_of_birth: string;
  gender_en: 'Male' | 'Female';
  nationality: string;
  photo_sha256: string;
}

const FIELDS: { [K in keyof CardData]: (value: string) => boolean } = {
  format: (v) => v === CARD_DATA_FORMAT,
  civil_number: isCivilNumber,
  card_serial_number: (v) => /^[A-Z0-9]{4,20}$/.test(v),
  card_expiry_date: isCalendarDate,
  full_name_en: isName,
  full_name_ar: isName,
  date_of_birth: isCalendarDate,
  gender_en: (v) => v === 'Male' || v === 'Female',
  nationality: (v) => /^[A-Z]{3}$/.test(v),
  photo_sha256: (v) => /^[0-9a-f]{64}$/.test(v),
};
const FIELD_NAMES = Object.keys(FIELDS).sort() as (keyof CardData)[];

/** The card data of a registry record. */
export function cardDataOf(person: RegistryPerson): CardData {
  return {
    format: CARD_DATA_FORMAT,
    civil_number: person.civil_number,
    card_serial_number: person.card_serial_number,
    card_expiry_date: person.card_expiry_date,
    full_name_en: person.full_name_en,
    full_name_ar: person.full_name_ar,
    date_of_birth: person.date_of_birth,
    gender_en: person.gender_en,
    nationality: person.nationality,
    photo_sha256: person.photo.sha256,
  };
}

/** The canonical bytes of card data: UTF-8 canonical JSON (sorted keys, no whitespace, NFC text). */
export function encodeCardData(data: CardData): Buffer {
  checkFields(data);
  return Buffer.from(canonicalJson({ ...data }), 'utf8');
}

/** The canonical bytes of a person's card: what the Card Data Signer signs. */
export function cardDataGroup(person: RegistryPerson): Buffer {
  return encodeCardData(cardDataOf(person));
}

/**
 * The verify side: reads card data and refuses any bytes that are not exactly the canonical
 * encoding (other key order, whitespace, escapes, duplicate keys, BOM, non-NFC text), so that one
 * card has one byte string and a signature cannot be carried over to a variant that reads the same.
 * Malformed: `card-data-malformed`; well-formed but not canonical: `card-data-non-canonical`.
 */
export function parseCardDataGroup(bytes: Uint8Array): CardData {
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    throw new IntegrationError('card-data-malformed', 'card data is not UTF-8 JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new IntegrationError('card-data-malformed', 'card data must be a JSON object');
  }
  const data = parsed as CardData;
  checkFields(data);
  if (canonicalJson(data) !== text) {
    throw new IntegrationError('card-data-non-canonical', 'card data is not in its canonical encoding');
  }
  return data;
}

/** The card data fields that differ from the registry's record (empty: the card agrees with it). */
export function cardDataMismatches(data: CardData, person: RegistryPerson): (keyof CardData)[] {
  const expected = cardDataOf(person);
  return FIELD_NAMES.filter((field) => data[field] !== expected[field]);
}

function checkFields(data: CardData): void {
  const keys = Object.keys(data).sort();
  if (keys.length !== FIELD_NAMES.length || keys.some((key, i) => key !== FIELD_NAMES[i])) {
    throw new IntegrationError('card-data-malformed', `card data must have exactly the fields ${FIELD_NAMES.join(', ')}`);
  }
  for (const field of FIELD_NAMES) {
    const value: unknown = data[field];
    if (typeof value !== 'string' || !FIELDS[field](value)) {
      throw new IntegrationError('card-data-malformed', `card data field ${field} is invalid`, { field });
    }
    if (value.normalize('NFC') !== value) {
      throw new IntegrationError('card-data-non-canonical', `card data field ${field} is not in Unicode NFC`, { field });
    }
  }
}

function isCalendarDate(value: string): boolean {
  try {
    parseDate(value);
    return true;
  } catch {
    return false;
  }
}

// Names are single-spaced text without control characters; surrounding spaces would be a variant.
function isName(value: string): boolean {
  return value.length > 0 && value.length <= 200 && value === value.trim() && !/[\p{Cc}\p{Cf}]|\s{2}/u.test(value);
}
