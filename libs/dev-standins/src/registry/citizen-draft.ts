import type { SeededRandom } from '../seeded-random';
import { addDays, addYears } from '@theqa/integrations';
import { LOCALITIES, formatAddress, type Locality } from './localities';
import { CITIZEN_OCCUPATIONS, RETIRED, STUDENT, fitsGender, occupationFor, type Occupation } from './occupations';
import { OMANI_FAMILY_NAMES, OMANI_FEMALE_NAMES, OMANI_MALE_NAMES, familyNameAr, omaniFullName, type Name } from './omani-names';
import type { PersonDraft, Population } from './population';

/** What a special person fixes; anything left out is drawn. */
export interface CitizenChoice {
  civilNumber?: string;
  phone?: string;
  email?: string | null;
  gender?: 'Male' | 'Female';
  given?: Name;
  father?: Name;
  grandfather?: Name;
  family?: Name;
  dateOfBirth?: string;
  occupation?: Occupation;
  title?: Name | null;
  locality?: Locality;
  house?: number;
  way?: number;
}

const SHEIKH: Name = { en: 'Sheikh', ar: 'الشيخ' };
// Citizens' ID cards are issued for five years (a synthetic rule; see the README on dates).
const CITIZEN_CARD_YEARS = 5;

/** An Omani citizen with a valid card; no sponsor, no visa. */
export function draftCitizen(population: Population, random: SeededRandom, choice: CitizenChoice = {}): PersonDraft {
  const ref = population.referenceDate;
  const gender = choice.gender ?? (random.chance(0.5) ? 'Male' : 'Female');
  const given = choice.given ?? random.pick(gender === 'Male' ? OMANI_MALE_NAMES : OMANI_FEMALE_NAMES);
  const father = choice.father ?? pickOther(random, OMANI_MALE_NAMES, given);
  const grandfather = choice.grandfather ?? pickOther(random, OMANI_MALE_NAMES, father);
  const family = choice.family ?? random.pick(OMANI_FAMILY_NAMES);
  const fullName = omaniFullName(given, father, grandfather, family, gender);

  // One in five an elder (most of them retired), the rest of working or student age.
  const age = random.chance(0.2) ? random.int(60, 82) : random.int(19, 59);
  const dateOfBirth = choice.dateOfBirth ?? `${population.referenceYear - age}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
  const occupation = choice.occupation ?? citizenOccupation(random, gender, population.referenceYear - Number(dateOfBirth.slice(0, 4)));
  const title = choice.title !== undefined ? choice.title : citizenTitle(random, occupation, gender, dateOfBirth, population.referenceYear);

  // Issued up to four years before the reference date: five-year cards stay valid all that year.
  const cardIssueDate = addDays(ref, -random.int(30, 4 * 365));
  const hasPassport = random.chance(0.8);
  const elderly = population.referenceYear - Number(dateOfBirth.slice(0, 4)) >= 55;

  return {
    civil_number: choice.civilNumber ?? population.civilNumber(random),
    card_expiry_date: addYears(cardIssueDate, CITIZEN_CARD_YEARS),
    full_name_en: fullName.en,
    full_name_ar: fullName.ar,
    title_en: title?.en ?? null,
    title_ar: title?.ar ?? null,
    card_status: 'valid',
    card_serial_number: population.cardSerial(random),
    passport_number: hasPassport ? population.passport(random, 'A9999999') : null,
    passport_expiry_date: hasPassport ? addDays(ref, random.int(90, 3400)) : null,
    date_of_birth: dateOfBirth,
    gender_en: gender,
    gender_ar: gender === 'Male' ? 'ذكر' : 'أنثى',
    nationality: 'OMN',
    permanent_address: formatAddress(choice.locality ?? random.pick(LOCALITIES), choice.house ?? random.int(1, 999), choice.way ?? random.int(1000, 9999)),
    occupation: occupationFor(occupation, gender),
    visa_expiry_date: null,
    date_of_death: null,
    sponsor_en: null,
    sponsor_ar: null,
    visitor_visa_number: null,
    given_name_en: given.en,
    family_name_en: family.en,
    given_name_ar: given.ar,
    family_name_ar: familyNameAr(family, gender),
    phone_number: choice.phone ?? population.phone(random),
    email: choice.email !== undefined ? choice.email : random.chance(0.75) ? population.email(random, given.en, family.en) : null,
    residency: 'citizen',
    card_issue_date: cardIssueDate,
    avatar: {
      gender,
      attire: gender === 'Male' ? 'dishdasha' : 'hijab',
      skinTone: random.int(1, 4),
      aged: elderly,
    },
  };
}

function citizenOccupation(random: SeededRandom, gender: 'Male' | 'Female', age: number): Occupation {
  if (age < 23) return STUDENT;
  if (age >= 62) return RETIRED;
  return random.pick(CITIZEN_OCCUPATIONS.filter((o) => fitsGender(o, gender)));
}

// Physicians always carry "Dr."; engineers often use "Eng."; some elders are addressed as Sheikh.
function citizenTitle(random: SeededRandom, occupation: Occupation, gender: 'Male' | 'Female', dateOfBirth: string, year: number): Name | null {
  if (occupation.title?.en === 'Dr.') return occupation.title;
  if (occupation.title && random.chance(0.5)) return occupation.title;
  if (gender === 'Male' && year - Number(dateOfBirth.slice(0, 4)) >= 60 && random.chance(0.3)) return SHEIKH;
  return null;
}

function pickOther(random: SeededRandom, names: readonly Name[], not: Name): Name {
  const others = names.filter((n) => n.en !== not.en);
  return random.pick(others);
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export { SHEIKH };
