import { createHash } from 'node:crypto';
import {
  addDays,
  addYears,
  cardDataGroup,
  cardDataMismatches,
  CONSENT_ATTRIBUTES,
  ENROLMENT_FIELDS,
  IntegrationError,
  parseCardDataGroup,
  parseMobileNumber,
  type RegistryPerson,
} from '@theqa/integrations';
import { DEATH_DAYS_AGO, EXPIRED_CARD_DAYS_AGO, VISITOR_VISA_NUMBER } from './special-persons';
import { SyntheticCivilRegistry } from './synthetic-civil-registry';
import { TEST_PERSONS } from './test-persons';

const REFERENCE = '2026-01-01';
const registry = new SyntheticCivilRegistry({ referenceDate: REFERENCE });
const persons = registry.listPersons();
const person = (civilNumber: string): RegistryPerson => {
  const found = persons.find((p) => p.civil_number === civilNumber);
  if (!found) throw new Error(`no ${civilNumber}`);
  return found;
};

// Arabic script (letters, diacritics, the Arabic comma) with spaces and dots, and no Latin letter.
const ARABIC = /^(?=.*[\u0621-\u064A])[\u0600-\u06FF .]+$/u;
// The CA's rule for Latin subject names (libs/ca citizenSubject), so certificates can be issued.
const LATIN = /^[A-Za-z][A-Za-z .'-]*$/;

// Attributes every record has whoever the person is.
const ALWAYS = [
  'civil_number', 'card_expiry_date', 'full_name_en', 'full_name_ar', 'card_status', 'card_serial_number',
  'date_of_birth', 'photo', 'gender_en', 'gender_ar', 'nationality', 'permanent_address', 'occupation',
  ...ENROLMENT_FIELDS.filter((f) => f !== 'email'),
] as const;

describe('SyntheticCivilRegistry: the population', () => {
  it('holds at least 50 persons with unique 8-digit civil numbers, unique phones, card serials and passports', () => {
    expect(persons.length).toBeGreaterThanOrEqual(50);
    const unique = (values: (string | null)[]) => new Set(values).size === values.length;
    expect(persons.every((p) => /^\d{8}$/.test(p.civil_number))).toBe(true);
    expect(unique(persons.map((p) => p.civil_number))).toBe(true);
    expect(persons.every((p) => /^\+9689\d{7}$/.test(p.phone_number))).toBe(true);
    expect(unique(persons.map((p) => p.phone_number))).toBe(true);
    expect(unique(persons.map((p) => p.card_serial_number))).toBe(true);
    expect(unique(persons.flatMap((p) => (p.passport_number ? [p.passport_number] : [])))).toBe(true);
    expect(unique(persons.flatMap((p) => (p.email ? [p.email] : [])))).toBe(true);
  });

  it('lists persons by civil number', () => {
    const numbers = persons.map((p) => p.civil_number);
    expect(numbers).toEqual([...numbers].sort());
  });

  it('gives every person all 22 consent attributes as keys, then the enrolment fields, and nothing else', () => {
    expect(CONSENT_ATTRIBUTES).toHaveLength(22);
    for (const p of persons) expect(Object.keys(p)).toEqual([...CONSENT_ATTRIBUTES, ...ENROLMENT_FIELDS]);
  });

  it('never leaves out what applies to everyone', () => {
    const missing = persons.flatMap((p) => ALWAYS.filter((key) => p[key] === null || p[key] === undefined).map((key) => `${p.civil_number}.${key}`));
    expect(missing).toEqual([]);
  });

  it('gives residents a sponsor, a residence visa and a passport, and citizens none of the first two', () => {
    const residents = persons.filter((p) => p.residency === 'resident');
    const citizens = persons.filter((p) => p.residency === 'citizen');
    expect(residents.length).toBeGreaterThanOrEqual(10);
    expect(citizens.length).toBeGreaterThanOrEqual(25);
    for (const p of residents) {
      expect(p.nationality).not.toBe('OMN');
      expect([p.sponsor_en, p.sponsor_ar, p.visa_expiry_date, p.passport_number, p.passport_expiry_date]).not.toContain(null);
      expect(p.visa_expiry_date).toBe(p.card_expiry_date);
      expect(p.passport_expiry_date! > p.visa_expiry_date!).toBe(true);
    }
    for (const p of citizens) {
      expect(p.nationality).toBe('OMN');
      expect([p.sponsor_en, p.sponsor_ar, p.visa_expiry_date, p.visitor_visa_number]).toEqual([null, null, null, null]);
    }
  });

  it('keeps the rare attributes to the persons they belong to', () => {
    expect(persons.filter((p) => p.date_of_death !== null).map((p) => p.civil_number)).toEqual([TEST_PERSONS.deceased]);
    expect(persons.filter((p) => p.visitor_visa_number !== null).map((p) => p.civil_number)).toEqual([TEST_PERSONS.visitorVisa]);
    expect(persons.filter((p) => p.card_status !== 'valid').map((p) => p.civil_number).sort()).toEqual(
      [TEST_PERSONS.expiredCard, TEST_PERSONS.cancelledCard, TEST_PERSONS.deceased].sort(),
    );
    for (const p of persons) expect(p.title_en === null).toBe(p.title_ar === null);
  });

  it('writes Arabic names in Arabic script and Latin names in Latin script', () => {
    expect([ARABIC.test('سالم'), ARABIC.test('Salim'), ARABIC.test('سالم Salim'), LATIN.test('Salim'), LATIN.test('سالم')]).toEqual([true, false, false, true, false]);
    const wrong = persons.flatMap((p) => [
      ...[p.full_name_ar, p.given_name_ar, p.family_name_ar, p.gender_ar, p.title_ar, p.sponsor_ar, p.occupation.ar]
        .filter((text) => text !== null && !ARABIC.test(text))
        .map((text) => `${p.civil_number}: not Arabic: ${text}`),
      ...[p.full_name_en, p.given_name_en, p.family_name_en, p.title_en, p.sponsor_en]
        .filter((text) => text !== null && !LATIN.test(text))
        .map((text) => `${p.civil_number}: not Latin: ${text}`),
      ...(/[\u0621-\u064A]/.test(p.permanent_address.ar) ? [] : [`${p.civil_number}: address not Arabic`]),
      ...(/^[A-Za-z0-9 ,'-]+$/.test(p.permanent_address.en) ? [] : [`${p.civil_number}: address not Latin`]),
    ]);
    expect(wrong).toEqual([]);
  });

  it('builds full names from the given and family names, within the certificate subject bounds', () => {
    for (const p of persons) {
      expect(p.full_name_en.startsWith(`${p.given_name_en} `)).toBe(true);
      expect(p.full_name_en.endsWith(` ${p.family_name_en}`)).toBe(true);
      expect(p.full_name_ar.startsWith(`${p.given_name_ar} `)).toBe(true);
      expect(p.full_name_ar.endsWith(` ${p.family_name_ar}`)).toBe(true);
      expect(p.full_name_en.length).toBeLessThanOrEqual(64);
    }
  });

  it('writes Omani names with بن / بنت and a woman’s tribal name in its feminine form', () => {
    const salim = person(TEST_PERSONS.demo);
    expect(salim.full_name_ar).toBe('سالم بن ناصر بن علي الحارثي');
    expect(salim.full_name_en).toBe('Salim Nasser Ali Al Harthy');
    const maryam = person(TEST_PERSONS.doctor);
    expect(maryam.full_name_ar).toBe('مريم بنت عبدالله بن يوسف البوسعيدية');
    for (const p of persons.filter((q) => q.residency === 'citizen')) {
      expect(p.full_name_ar.split(' ')[1]).toBe(p.gender_en === 'Male' ? 'بن' : 'بنت');
    }
  });

  it('has both genders, several nationalities, titles, and agreeing gender labels', () => {
    expect(new Set(persons.map((p) => p.gender_en))).toEqual(new Set(['Male', 'Female']));
    expect(new Set(persons.map((p) => p.nationality)).size).toBeGreaterThanOrEqual(4);
    expect(persons.some((p) => p.title_en === 'Dr.' && p.title_ar === 'د.')).toBe(true);
    for (const p of persons) expect(p.gender_ar).toBe(p.gender_en === 'Male' ? 'ذكر' : 'أنثى');
  });

  it('has residents sponsored by companies and by persons of the registry', () => {
    const citizenNames = new Set(persons.filter((p) => p.residency === 'citizen').map((p) => p.full_name_en));
    const residents = persons.filter((p) => p.residency === 'resident');
    expect(residents.some((p) => / (LLC|SAOC)$/.test(p.sponsor_en!))).toBe(true);
    expect(residents.some((p) => citizenNames.has(p.sponsor_en!))).toBe(true);
  });

  it('keeps dates consistent: born before the card, issued before expiry, valid cards valid all the reference year', () => {
    const inAYear = addYears(REFERENCE, 1);
    for (const p of persons) {
      expect(p.date_of_birth < p.card_issue_date).toBe(true);
      expect(p.card_issue_date < p.card_expiry_date).toBe(true);
      expect(p.card_issue_date <= REFERENCE).toBe(true);
      if (p.card_status === 'valid') expect(p.card_expiry_date >= inAYear).toBe(true);
      for (const date of [p.card_expiry_date, p.card_issue_date, p.date_of_birth, p.passport_expiry_date, p.visa_expiry_date, p.date_of_death]) {
        if (date !== null) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });
});

describe('SyntheticCivilRegistry: special persons', () => {
  it('the demo person is a citizen with a valid card, a phone and an email on record', async () => {
    const salim = await registry.findPerson(TEST_PERSONS.demo);
    expect(salim).toMatchObject({
      civil_number: '12345678', residency: 'citizen', card_status: 'valid', phone_number: '+96891234567',
      email: 'salim.alharthy@example.com', given_name_en: 'Salim', family_name_en: 'Al Harthy', date_of_death: null,
    });
    await expect(registry.cardStatus(TEST_PERSONS.demo, salim!.card_serial_number)).resolves.toEqual({
      civilNumber: '12345678', cardSerial: salim!.card_serial_number, status: 'valid', cardExpiryDate: salim!.card_expiry_date,
    });
  });

  it('the expired card ended before the reference date and the registry says so', async () => {
    const aisha = person(TEST_PERSONS.expiredCard);
    expect(aisha.card_status).toBe('expired');
    expect(aisha.card_expiry_date).toBe(addDays(REFERENCE, -EXPIRED_CARD_DAYS_AGO));
    expect((await registry.cardStatus(aisha.civil_number, aisha.card_serial_number)).status).toBe('expired');
  });

  it('the cancelled card is cancelled though not past its expiry', async () => {
    const khalid = person(TEST_PERSONS.cancelledCard);
    expect(khalid.card_status).toBe('cancelled');
    expect(khalid.card_expiry_date > REFERENCE).toBe(true);
    expect(khalid.date_of_death).toBeNull();
    expect((await registry.cardStatus(khalid.civil_number, khalid.card_serial_number)).status).toBe('cancelled');
  });

  it('the deceased has a date of death and a cancelled card', async () => {
    const hamad = person(TEST_PERSONS.deceased);
    expect(hamad.date_of_death).toBe(addDays(REFERENCE, -DEATH_DAYS_AGO));
    expect(hamad).toMatchObject({ card_status: 'cancelled', title_en: 'Sheikh', title_ar: 'الشيخ' });
    expect((await registry.cardStatus(hamad.civil_number, hamad.card_serial_number)).status).toBe('cancelled');
  });

  it('the visitor-visa resident keeps her visit visa number and is sponsored by her husband', () => {
    const priya = person(TEST_PERSONS.visitorVisa);
    const anil = person(TEST_PERSONS.resident);
    expect(priya).toMatchObject({ residency: 'resident', nationality: 'IND', visitor_visa_number: VISITOR_VISA_NUMBER, card_status: 'valid' });
    expect([priya.sponsor_en, priya.sponsor_ar]).toEqual([anil.full_name_en, anil.full_name_ar]);
  });

  it('the resident has a company sponsor, the household worker the demo person', () => {
    expect(person(TEST_PERSONS.resident)).toMatchObject({ sponsor_en: 'Oman Digital Solutions LLC', sponsor_ar: 'شركة عمان للحلول الرقمية ش.م.م' });
    const salim = person(TEST_PERSONS.demo);
    expect(person(TEST_PERSONS.householdWorker)).toMatchObject({ nationality: 'PHL', sponsor_en: salim.full_name_en, sponsor_ar: salim.full_name_ar });
  });

  it('the doctor carries her title', () => {
    expect(person(TEST_PERSONS.doctor)).toMatchObject({ title_en: 'Dr.', title_ar: 'د.', occupation: { en: 'Physician', ar: 'طبيبة' } });
  });
});

describe('SyntheticCivilRegistry: answers', () => {
  it('answers undefined for an unknown person and refuses a malformed civil number', async () => {
    const unknown = ['99999999', '88888888', '77777777'].find((n) => !persons.some((p) => p.civil_number === n))!;
    await expect(registry.findPerson(unknown)).resolves.toBeUndefined();
    await expect(registry.photo(unknown)).resolves.toBeUndefined();
    await expect(registry.cardStatus(unknown, 'AB1234567')).resolves.toMatchObject({ status: 'unknown', cardExpiryDate: null });
    for (const bad of ['', 'abc', '12 345 678', '1234567890123']) {
      await expect(registry.findPerson(bad)).rejects.toMatchObject({ name: 'IntegrationError', code: 'civil-number-invalid' });
    }
    await expect(registry.findPerson('x')).rejects.toBeInstanceOf(IntegrationError);
  });

  it('reports a card serial not issued to this person as unknown', async () => {
    const salim = person(TEST_PERSONS.demo);
    const other = person(TEST_PERSONS.doctor);
    await expect(registry.cardStatus(salim.civil_number, other.card_serial_number)).resolves.toMatchObject({ status: 'unknown', cardExpiryDate: null });
  });

  it('serves the photo whose hash the record carries', async () => {
    for (const p of persons.slice(0, 10)) {
      const photo = await registry.photo(p.civil_number);
      expect(photo?.mediaType).toBe('image/png');
      expect(createHash('sha256').update(photo!.bytes).digest('hex')).toBe(p.photo.sha256);
      expect(photo?.sha256).toBe(p.photo.sha256);
    }
  });

  it('hands out copies, never its own records', async () => {
    const copy = await registry.findPerson(TEST_PERSONS.demo);
    copy!.full_name_en = 'Someone Else';
    copy!.permanent_address.en = 'elsewhere';
    const photo = await registry.photo(TEST_PERSONS.demo);
    photo!.bytes.fill(0);
    expect(await registry.findPerson(TEST_PERSONS.demo)).toEqual(person(TEST_PERSONS.demo));
    expect((await registry.photo(TEST_PERSONS.demo))!.sha256).toBe(createHash('sha256').update((await registry.photo(TEST_PERSONS.demo))!.bytes).digest('hex'));
  });
});

describe('SyntheticCivilRegistry: determinism', () => {
  it('yields identical persons and photos from two instances', () => {
    const again = new SyntheticCivilRegistry({ referenceDate: REFERENCE });
    expect(again.listPersons()).toEqual(persons);
    for (const p of persons) expect(again.photoBytes(p.civil_number)!.equals(registry.photoBytes(p.civil_number)!)).toBe(true);
    expect(new SyntheticCivilRegistry().listPersons()).toEqual(new SyntheticCivilRegistry().listPersons());
  });

  it('defaults the reference date to 1 January of the current year', () => {
    expect(new SyntheticCivilRegistry().referenceDate).toBe(`${new Date().getUTCFullYear()}-01-01`);
  });

  it('draws other persons from another seed, but keeps the special persons', () => {
    const other = new SyntheticCivilRegistry({ seed: 'another seed', referenceDate: REFERENCE }).listPersons();
    const numbers = new Set(persons.map((p) => p.civil_number));
    const specials = Object.values(TEST_PERSONS);
    expect(other.filter((p) => numbers.has(p.civil_number)).map((p) => p.civil_number).sort()).toEqual([...specials].sort());
    expect(other.find((p) => p.civil_number === TEST_PERSONS.demo)?.full_name_en).toBe('Salim Nasser Ali Al Harthy');
  });

  it('grows to a larger population with identifiers still unique', () => {
    const large = new SyntheticCivilRegistry({ count: 300, referenceDate: REFERENCE }).listPersons();
    expect(large).toHaveLength(300);
    for (const key of ['civil_number', 'phone_number', 'card_serial_number'] as const) {
      expect(new Set(large.map((p) => p[key])).size).toBe(300);
    }
  });

  it('refuses a reference date that is not a calendar date', () => {
    expect(() => new SyntheticCivilRegistry({ referenceDate: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('SyntheticCivilRegistry: what the platform reads from its records', () => {
  it('has every phone number on record as an Omani mobile the SMS gateway accepts', () => {
    expect(new Set(persons.map((p) => parseMobileNumber(p.phone_number).country))).toEqual(new Set(['OM']));
  });

  it('gives every person card data that round-trips, binds their photo, and differs from everyone else’s', () => {
    const groups = persons.map((p) => cardDataGroup(p));
    expect(new Set(groups.map((g) => g.toString('hex'))).size).toBe(persons.length);
    persons.forEach((p, i) => {
      const data = parseCardDataGroup(groups[i]);
      expect(cardDataMismatches(data, p)).toEqual([]);
      expect(data.photo_sha256).toBe(createHash('sha256').update(registry.photoBytes(p.civil_number)!).digest('hex'));
    });
  });

  it('gives the same card data bytes from another instance', () => {
    const again = new SyntheticCivilRegistry({ referenceDate: REFERENCE }).listPersons();
    expect(again.map((p) => cardDataGroup(p).toString('hex'))).toEqual(persons.map((p) => cardDataGroup(p).toString('hex')));
  });
});
