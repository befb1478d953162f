import { SeededRandom } from '../seeded-random';
import { addDays, addYears } from '@theqa/integrations';
import { SHEIKH, draftCitizen } from './citizen-draft';
import { LOCALITIES } from './localities';
import { CITIZEN_OCCUPATIONS, RESIDENT_OCCUPATIONS, RETIRED } from './occupations';
import { OMANI_FAMILY_NAMES, OMANI_FEMALE_NAMES, OMANI_MALE_NAMES, type Name } from './omani-names';
import type { Population } from './population';
import { draftResident } from './resident-draft';
import { COMPANY_SPONSORS } from './sponsors';
import { TEST_PERSONS, type TestPersonRole } from './test-persons';

const male = (en: string): Name => find(OMANI_MALE_NAMES, en);
const female = (en: string): Name => find(OMANI_FEMALE_NAMES, en);
const family = (en: string): Name => find(OMANI_FAMILY_NAMES, en);
const citizenJob = (en: string) => find(CITIZEN_OCCUPATIONS, en);
const residentJob = (en: string) => find(RESIDENT_OCCUPATIONS, en);

function find<T extends { en: string }>(items: readonly T[], en: string): T {
  const item = items.find((i) => i.en === en);
  if (!item) throw new Error(`synthetic registry tables lack ${en}`);
  return item;
}

/** How far before the reference date the expired card ended and the deceased died. */
export const EXPIRED_CARD_DAYS_AGO = 40;
export const DEATH_DAYS_AGO = 120;
/** The visit visa number kept on the visitor-visa person's record. */
export const VISITOR_VISA_NUMBER = 'V40118377';

/**
 * The persons `TEST_PERSONS` names, drafted first so that their fixed civil numbers and phone numbers
 * are claimed before any drawn one. Their names and dates of birth are fixed; the rest is drawn from
 * their own stream, so they look like everyone else.
 */
export function addSpecialPersons(population: Population): void {
  const ref = population.referenceDate;
  const random = (role: TestPersonRole) => new SeededRandom(`${population.seed}:special:${role}`);
  const fixed = (role: TestPersonRole, phone: string) => ({
    civilNumber: population.claim('civil number', TEST_PERSONS[role]),
    phone: population.claim('phone', phone),
  });

  const demo = population.add(
    draftCitizen(population, random('demo'), {
      ...fixed('demo', '+96891234567'),
      email: population.claim('email', 'salim.alharthy@example.com'),
      gender: 'Male',
      given: male('Salim'),
      father: male('Nasser'),
      grandfather: male('Ali'),
      family: family('Al Harthy'),
      dateOfBirth: '1988-04-12',
      occupation: citizenJob('Engineer'),
      title: null,
      locality: LOCALITIES[0],
      house: 214,
      way: 3017,
    }),
  );

  const expired = draftCitizen(population, random('expiredCard'), {
    ...fixed('expiredCard', '+96891000002'),
    email: population.claim('email', 'aisha.alhinai@example.com'),
    gender: 'Female',
    given: female('Aisha'),
    father: male('Saif'),
    grandfather: male('Hamad'),
    family: family('Al Hinai'),
    dateOfBirth: '1979-09-03',
    occupation: citizenJob('Teacher'),
    title: null,
  });
  const expiredOn = addDays(ref, -EXPIRED_CARD_DAYS_AGO);
  population.add({ ...expired, card_status: 'expired', card_expiry_date: expiredOn, card_issue_date: addYears(expiredOn, -5) });

  const cancelled = draftCitizen(population, random('cancelledCard'), {
    ...fixed('cancelledCard', '+96891000003'),
    email: null,
    gender: 'Male',
    given: male('Khalid'),
    father: male('Said'),
    grandfather: male('Mohammed'),
    family: family('Al Balushi'),
    dateOfBirth: '1992-01-22',
    occupation: citizenJob('Accountant'),
    title: null,
  });
  population.add({ ...cancelled, card_status: 'cancelled' });

  const deceased = draftCitizen(population, random('deceased'), {
    ...fixed('deceased', '+96891000004'),
    email: null,
    gender: 'Male',
    given: male('Hamad'),
    father: male('Sulaiman'),
    grandfather: male('Khalfan'),
    family: family('Al Rawahi'),
    dateOfBirth: '1941-06-15',
    occupation: RETIRED,
    title: SHEIKH,
  });
  // The registry cancels the card of a person whose death it records.
  population.add({ ...deceased, card_status: 'cancelled', date_of_death: addDays(ref, -DEATH_DAYS_AGO) });

  const resident = population.add(
    draftResident(population, random('resident'), {
      ...fixed('resident', '+96891000006'),
      email: population.claim('email', 'anil.nair@example.com'),
      gender: 'Male',
      nationality: 'IND',
      occupation: residentJob('Software engineer'),
      given: { en: 'Anil', ar: 'أنيل' },
      father: { en: 'Kumar', ar: 'كومار' },
      family: { en: 'Nair', ar: 'ناير' },
      dateOfBirth: '1986-02-17',
      sponsor: find(COMPANY_SPONSORS, 'Oman Digital Solutions LLC'),
      locality: LOCALITIES[5],
    }),
  );

  // Came on a visit visa to join her husband and was then granted residence under his sponsorship.
  population.add(
    draftResident(population, random('visitorVisa'), {
      ...fixed('visitorVisa', '+96891000005'),
      email: population.claim('email', 'priya.nair@example.com'),
      gender: 'Female',
      nationality: 'IND',
      occupation: { en: 'Housewife', ar: { Female: 'ربة منزل' } },
      given: { en: 'Priya', ar: 'بريا' },
      father: { en: 'Anil', ar: 'أنيل' },
      family: { en: 'Nair', ar: 'ناير' },
      dateOfBirth: '1990-11-08',
      sponsor: { en: resident.full_name_en, ar: resident.full_name_ar },
      locality: LOCALITIES[5],
      visitorVisaNumber: VISITOR_VISA_NUMBER,
      attire: 'shirt',
    }),
  );

  population.add(
    draftResident(population, random('householdWorker'), {
      ...fixed('householdWorker', '+96891000007'),
      email: null,
      gender: 'Female',
      nationality: 'PHL',
      occupation: residentJob('Domestic worker'),
      given: { en: 'Maria', ar: 'ماريا' },
      father: null,
      family: { en: 'Santos', ar: 'سانتوس' },
      dateOfBirth: '1994-05-30',
      sponsor: { en: demo.full_name_en, ar: demo.full_name_ar },
      locality: LOCALITIES[0],
    }),
  );

  population.add(
    draftCitizen(population, random('doctor'), {
      ...fixed('doctor', '+96891000008'),
      email: population.claim('email', 'maryam.albusaidi@example.com'),
      gender: 'Female',
      given: female('Maryam'),
      father: male('Abdullah'),
      grandfather: male('Yousuf'),
      family: family('Al Busaidi'),
      dateOfBirth: '1983-12-02',
      occupation: citizenJob('Physician'),
      title: { en: 'Dr.', ar: 'د.' },
    }),
  );
}
