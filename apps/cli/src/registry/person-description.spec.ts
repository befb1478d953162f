import { attributeOfField } from '@theqa/consent';
import { SyntheticCivilRegistry, TEST_PERSONS, testPersonNote } from '@theqa/dev-standins';
import { CONSENT_ATTRIBUTES, ENROLMENT_FIELDS } from '@theqa/integrations';
import { describePerson, formatPersonList, personDocument, personSummary } from './person-description';

const registry = new SyntheticCivilRegistry({ referenceDate: '2026-01-01' });
const persons = registry.listPersons();
const find = (civilNumber: string) => persons.find((p) => p.civil_number === civilNumber)!;

describe('person description (for `npx theqa registry show`)', () => {
  it('labels the 22 attributes in the guide’s order with its Arabic wording', () => {
    const doc = personDocument(find(TEST_PERSONS.demo), testPersonNote);
    expect(doc.attributes.map((f) => f.key)).toEqual([...CONSENT_ATTRIBUTES]);
    expect(doc.enrolment.map((f) => f.key)).toEqual([...ENROLMENT_FIELDS]);
    expect(doc.attributes.map((f) => f.label.ar).slice(0, 4)).toEqual(['رقم المدني', 'تاريخ انتهاء البطاقة', 'الاسم الكامل اللاتيني', 'الاسم الكامل العربي']);
    expect(doc.attributes.at(-1)?.label).toEqual({ en: 'Visitor visa number', ar: 'رقم تأشيرة الزائر' });
    expect(doc.note?.en).toMatch(/demo person/);
  });

  it('shows every label in both languages and the values as people read them', () => {
    const text = describePerson(find(TEST_PERSONS.demo), testPersonNote);
    for (const key of CONSENT_ATTRIBUTES) expect(text).toContain(`${attributeOfField(key).label.en} / ${attributeOfField(key).label.ar}: `);
    expect(text).toContain('Civil number / رقم المدني: 12345678');
    expect(text).toContain('Card status / حالة البطاقة: Valid / سارية');
    expect(text).toContain('Nationality / الجنسية: OMN (Omani / عماني)');
    expect(text).toContain('Sponsor (Latin) / الكفيل باللاتيني: —');
    expect(text).toContain('Phone number on record / رقم الهاتف المسجل: +96891234567');
    expect(text.split('\n')[0]).toBe('Salim Nasser Ali Al Harthy — سالم بن ناصر بن علي الحارثي  [demo person: register first / الشخص التجريبي: سجّل به أولاً]');
  });

  it('shows what is special: a date of death, a cancelled card, a visitor visa', () => {
    expect(describePerson(find(TEST_PERSONS.deceased))).toMatch(/Date of death \/ تاريخ الوفاة: \d{4}-\d{2}-\d{2}/);
    expect(describePerson(find(TEST_PERSONS.deceased))).toContain('Card status / حالة البطاقة: Cancelled / ملغاة');
    expect(describePerson(find(TEST_PERSONS.visitorVisa))).toMatch(/Visitor visa number \/ رقم تأشيرة الزائر: V\d+/);
  });

  it('summarises and lists every person, one aligned line each, with the special persons noted', () => {
    expect(personSummary(find(TEST_PERSONS.deceased), testPersonNote)).toMatchObject({ deceased: true, card_status: 'cancelled', note: 'deceased' });
    expect(personSummary(persons.find((p) => !Object.values<string>(TEST_PERSONS).includes(p.civil_number))!, testPersonNote).note).toBeNull();
    const lines = formatPersonList(persons, testPersonNote).split('\n');
    expect(lines).toHaveLength(persons.length + 1);
    expect(lines[0]).toMatch(/^civil number\s+card\s+residency/);
    expect(lines.find((l) => l.startsWith('10000002'))).toMatch(/expired .*card expired$/);
    expect(lines.find((l) => l.startsWith(TEST_PERSONS.demo))).toContain('Salim Nasser Ali Al Harthy');
  });

  it('notes nothing when told of no test persons (a registry other than the development one)', () => {
    const demo = find(TEST_PERSONS.demo);
    expect(personDocument(demo).note).toBeNull();
    expect(personSummary(demo).note).toBeNull();
    expect(describePerson(demo).split('\n')[0]).toBe('Salim Nasser Ali Al Harthy — سالم بن ناصر بن علي الحارثي');
  });
});
