import { attributeOfField } from '@theqa/consent';
import {
  CARD_STATUS_LABELS,
  CONSENT_ATTRIBUTES,
  ENROLMENT_FIELD_LABELS,
  ENROLMENT_FIELDS,
  nationalityName,
  RESIDENCY_LABELS,
  type CardStatus,
  type Label,
  type RegistryPerson,
  type Residency,
} from '@theqa/integrations';

/** What is special about a person, if anything (the development registry's test persons have notes). */
export type NoteOf = (civilNumber: string) => Label | undefined;

const NO_NOTES: NoteOf = () => undefined;

/** One field of a record with its labels and its value as people read it. */
export interface DescribedField {
  key: keyof RegistryPerson;
  label: Label;
  value: RegistryPerson[keyof RegistryPerson];
  /** `—` when the attribute does not apply. */
  text: string;
}

/** A record as `npx theqa registry show --json` prints it: every field labelled, in order. */
export interface PersonDocument {
  civil_number: string;
  note: Label | null;
  attributes: DescribedField[];
  enrolment: DescribedField[];
}

/** A line of `npx theqa registry list --json`. */
export interface PersonSummary {
  civil_number: string;
  full_name_en: string;
  full_name_ar: string;
  residency: Residency;
  nationality: string;
  card_status: CardStatus;
  deceased: boolean;
  phone_number: string;
  /** What is special about the person (a test person of the development registry). */
  note: string | null;
}

const NOT_APPLICABLE = '—';

export function personDocument(person: RegistryPerson, noteOf: NoteOf = NO_NOTES): PersonDocument {
  return {
    civil_number: person.civil_number,
    note: noteOf(person.civil_number) ?? null,
    attributes: CONSENT_ATTRIBUTES.map((key) => field(person, key, attributeOfField(key).label)),
    enrolment: ENROLMENT_FIELDS.map((key) => field(person, key, ENROLMENT_FIELD_LABELS[key])),
  };
}

/** The text of `npx theqa registry show`: each label in English and Arabic, then the value. */
export function describePerson(person: RegistryPerson, noteOf: NoteOf = NO_NOTES): string {
  const doc = personDocument(person, noteOf);
  const lines = (fields: DescribedField[]) => fields.map((f) => `  ${f.label.en} / ${f.label.ar}: ${f.text}`);
  return [
    `${person.full_name_en} — ${person.full_name_ar}${doc.note ? `  [${doc.note.en} / ${doc.note.ar}]` : ''}`,
    'Consent attributes / البيانات التي يمكن مشاركتها:',
    ...lines(doc.attributes),
    'Enrolment / التسجيل:',
    ...lines(doc.enrolment),
  ].join('\n');
}

export function personSummary(person: RegistryPerson, noteOf: NoteOf = NO_NOTES): PersonSummary {
  return {
    civil_number: person.civil_number,
    full_name_en: person.full_name_en,
    full_name_ar: person.full_name_ar,
    residency: person.residency,
    nationality: person.nationality,
    card_status: person.card_status,
    deceased: person.date_of_death !== null,
    phone_number: person.phone_number,
    note: noteOf(person.civil_number)?.en ?? null,
  };
}

/** The text of `npx theqa registry list`: one aligned line per person. */
export function formatPersonList(persons: readonly RegistryPerson[], noteOf: NoteOf = NO_NOTES): string {
  const rows = [
    ['civil number', 'card', 'residency', 'nat.', 'phone', 'name', 'الاسم', 'note'],
    ...persons.map((p) => {
      const s = personSummary(p, noteOf);
      return [s.civil_number, s.card_status, s.residency, s.nationality, s.phone_number, s.full_name_en, s.full_name_ar, s.note ?? ''];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

function field(person: RegistryPerson, key: keyof RegistryPerson, label: Label): DescribedField {
  return { key, label, value: person[key], text: valueText(person, key) };
}

function valueText(person: RegistryPerson, key: keyof RegistryPerson): string {
  if (person[key] === null) return NOT_APPLICABLE;
  switch (key) {
    case 'photo':
      return `${person.photo.media_type}, SHA-256 ${person.photo.sha256}`;
    case 'card_status':
      return bilingual(CARD_STATUS_LABELS[person.card_status]);
    case 'residency':
      return bilingual(RESIDENCY_LABELS[person.residency]);
    case 'nationality':
      return `${person.nationality} (${bilingual(nationalityName(person.nationality))})`;
    case 'permanent_address':
      return bilingual(person.permanent_address);
    case 'occupation':
      return bilingual(person.occupation);
    default:
      return String(person[key]);
  }
}

function bilingual(text: Label): string {
  return `${text.en} / ${text.ar}`;
}
