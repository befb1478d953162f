import type { Label } from '@theqa/integrations';

/**
 * Civil numbers of the synthetic registry's special persons: stable whatever the seed or the year,
 * so that tests, docs and a newcomer's first registration can name them.
 */
export const TEST_PERSONS = {
  /** Salim Nasser Ali Al Harthy: a citizen with a valid card and a phone on record. Register him first. */
  demo: '12345678',
  /** Aisha Saif Hamad Al Hinai: her card expired 40 days before the registry's reference date. */
  expiredCard: '10000002',
  /** Khalid Said Mohammed Al Balushi: card reported lost and cancelled, though not yet past its expiry. */
  cancelledCard: '10000003',
  /** Hamad Sulaiman Khalfan Al Rawahi (title Sheikh): deceased; `date_of_death` set and the card cancelled. */
  deceased: '10000004',
  /** Priya Anil Nair: an Indian resident who entered on a visit visa; the record keeps its number. */
  visitorVisa: '10000005',
  /** Anil Kumar Nair: an Indian resident sponsored by a company, valid card: a resident can register. */
  resident: '10000006',
  /** Maria Santos: a Filipino domestic worker whose sponsor is a person (the demo person). */
  householdWorker: '10000007',
  /** Maryam Abdullah Yousuf Al Busaidi (title Dr.): a citizen with a title, valid card. */
  doctor: '10000008',
} as const;

export type TestPersonRole = keyof typeof TEST_PERSONS;

/** What is special about each, for `npx theqa registry list | show`. */
export const TEST_PERSON_NOTES: Readonly<Record<TestPersonRole, Label>> = {
  demo: { en: 'demo person: register first', ar: 'الشخص التجريبي: سجّل به أولاً' },
  expiredCard: { en: 'card expired', ar: 'البطاقة منتهية' },
  cancelledCard: { en: 'card cancelled (reported lost)', ar: 'البطاقة ملغاة (مبلّغ عن فقدها)' },
  deceased: { en: 'deceased', ar: 'متوفى' },
  visitorVisa: { en: 'resident with a visitor visa number', ar: 'مقيمة لديها رقم تأشيرة زائر' },
  resident: { en: 'resident, company sponsor', ar: 'مقيم، الكفيل شركة' },
  householdWorker: { en: 'resident, person sponsor', ar: 'مقيمة، الكفيل شخص' },
  doctor: { en: 'citizen with a title', ar: 'مواطنة لها لقب' },
};

/** The role of a special person, if this civil number is one. */
export function testPersonRole(civilNumber: string): TestPersonRole | undefined {
  return (Object.keys(TEST_PERSONS) as TestPersonRole[]).find((role) => TEST_PERSONS[role] === civilNumber);
}

/** What is special about this civil number's person, if it is a test person. */
export function testPersonNote(civilNumber: string): Label | undefined {
  const role = testPersonRole(civilNumber);
  return role && TEST_PERSON_NOTES[role];
}
