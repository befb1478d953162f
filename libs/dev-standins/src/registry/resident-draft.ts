import type { SeededRandom } from '../seeded-random';
import { addDays, addYears } from '@theqa/integrations';
import { pad } from './citizen-draft';
import { expatriateOrigin } from './expatriates';
import { LOCALITIES, formatAddress, type Locality } from './localities';
import { RESIDENT_OCCUPATIONS, fitsGender, occupationFor, type Occupation } from './occupations';
import type { Name } from './omani-names';
import type { PersonDraft, Population } from './population';
import { COMPANY_SPONSORS, MINISTRY_SPONSORS } from './sponsors';

/** What a special person fixes; anything left out is drawn. */
export interface ResidentChoice {
  civilNumber?: string;
  phone?: string;
  email?: string | null;
  gender?: 'Male' | 'Female';
  nationality?: string;
  occupation?: Occupation;
  given?: Name;
  /** The father's (or, for some, the husband's) name between given and family name. */
  father?: Name | null;
  family?: Name;
  dateOfBirth?: string;
  sponsor?: Name;
  locality?: Locality;
  visitorVisaNumber?: string | null;
  attire?: 'hijab' | 'shirt';
}

// Residence visas, and the resident cards that carry them, run for two years.
const RESIDENCE_YEARS = 2;
const HIJAB_LIKELY = new Set(['PAK', 'BGD', 'EGY', 'JOR']);

/** A resident of another nationality with a valid card, a residence visa and a sponsor. */
export function draftResident(population: Population, random: SeededRandom, choice: ResidentChoice = {}): PersonDraft {
  const ref = population.referenceDate;
  const occupation = choice.occupation ?? random.pick(RESIDENT_OCCUPATIONS);
  const gender = choice.gender ?? pickGender(random, occupation);
  const origin = expatriateOrigin(choice.nationality ?? random.pick(occupation.nationalities ?? ['IND']));
  const given = choice.given ?? random.pick(origin[gender === 'Male' ? 'male' : 'female']);
  const drawnFather = origin.fatherInName ? random.pick(origin.male.filter((n) => n.en !== given.en)) : null;
  const father = choice.father !== undefined ? choice.father : drawnFather;
  const family = choice.family ?? random.pick(origin.family);
  const parts = [given, ...(father ? [father] : []), family];

  // Issued within the last year: a two-year card stays valid all the reference year.
  const cardIssueDate = addDays(ref, -random.int(30, 364));
  const cardExpiryDate = addYears(cardIssueDate, RESIDENCE_YEARS);
  const sponsor = choice.sponsor ?? residentSponsor(population, random, occupation);
  const title = occupation.title ?? null;
  const drawnAge = random.int(23, 58);
  const dateOfBirth = choice.dateOfBirth ?? `${population.referenceYear - drawnAge}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;

  return {
    civil_number: choice.civilNumber ?? population.civilNumber(random),
    card_expiry_date: cardExpiryDate,
    full_name_en: parts.map((p) => p.en).join(' '),
    full_name_ar: parts.map((p) => p.ar).join(' '),
    title_en: title?.en ?? null,
    title_ar: title?.ar ?? null,
    card_status: 'valid',
    card_serial_number: population.cardSerial(random),
    passport_number: population.passport(random, origin.passportShape),
    // A residence visa needs a passport valid beyond it.
    passport_expiry_date: addDays(cardExpiryDate, random.int(180, 2500)),
    date_of_birth: dateOfBirth,
    gender_en: gender,
    gender_ar: gender === 'Male' ? 'ذكر' : 'أنثى',
    nationality: origin.nationality,
    permanent_address: formatAddress(choice.locality ?? random.pick(LOCALITIES), random.int(1, 999), random.int(1000, 9999)),
    occupation: occupationFor(occupation, gender),
    // The resident card is issued for the residence visa's term, so both end on the same day.
    visa_expiry_date: cardExpiryDate,
    date_of_death: null,
    sponsor_en: sponsor.en,
    sponsor_ar: sponsor.ar,
    visitor_visa_number: choice.visitorVisaNumber ?? null,
    given_name_en: given.en,
    family_name_en: family.en,
    given_name_ar: given.ar,
    family_name_ar: family.ar,
    phone_number: choice.phone ?? population.phone(random),
    email: choice.email !== undefined ? choice.email : random.chance(0.6) ? population.email(random, given.en, family.en) : null,
    residency: 'resident',
    card_issue_date: cardIssueDate,
    avatar: {
      gender,
      attire: choice.attire ?? (gender === 'Female' && HIJAB_LIKELY.has(origin.nationality) && random.chance(0.7) ? 'hijab' : 'shirt'),
      skinTone: random.int(origin.skinTones[0], origin.skinTones[1]),
      aged: population.referenceYear - Number(dateOfBirth.slice(0, 4)) >= 55,
    },
  };
}

function pickGender(random: SeededRandom, occupation: Occupation): 'Male' | 'Female' {
  const genders = (['Male', 'Female'] as const).filter((g) => fitsGender(occupation, g));
  return random.pick(genders);
}

function residentSponsor(population: Population, random: SeededRandom, occupation: Occupation): Name {
  switch (occupation.sponsor) {
    case 'household': {
      const citizen = random.pick(population.householdSponsors());
      return { en: citizen.full_name_en, ar: citizen.full_name_ar };
    }
    case 'ministry-of-health':
    case 'ministry-of-education':
      return MINISTRY_SPONSORS[occupation.sponsor];
    default:
      return random.pick(COMPANY_SPONSORS);
  }
}
