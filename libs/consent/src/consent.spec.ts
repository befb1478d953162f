import { SyntheticCivilRegistry, TEST_PERSONS } from '@theqa/dev-standins';
import { CONSENT_ATTRIBUTES } from '@theqa/integrations';
import {
  ATTRIBUTE_CATALOGUE,
  attributeOfField,
  checkEntitlement,
  claimsOfScope,
  consentCovers,
  declarationFor,
  releasedClaims,
  requestableClaims,
  ConsentError,
  SCOPE_BUNDLES,
  type ConsentRecord,
  type Entitlement,
} from './index';

const purpose = { ar: 'تقديم خدمات ودعم مخصص', en: 'Providing services and personalised support' };
const naql: Entitlement = { clientId: 'naql', claims: ['civil_number', 'full_name_en', 'full_name_ar', 'date_of_birth', 'photo_reference'], purpose };

describe('the attribute catalogue', () => {
  it('has the 22 attributes of the consent screen, in the guide order, with distinct snake_case claims and both labels', () => {
    expect(ATTRIBUTE_CATALOGUE.map((a) => a.registryField)).toEqual([...CONSENT_ATTRIBUTES]);
    expect(ATTRIBUTE_CATALOGUE).toHaveLength(22);
    expect(new Set(ATTRIBUTE_CATALOGUE.map((a) => a.claim)).size).toBe(22);
    for (const a of ATTRIBUTE_CATALOGUE) {
      expect(a.claim).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(a.label.ar.trim()).not.toBe('');
      expect(a.label.en.trim()).not.toBe('');
    }
    expect(ATTRIBUTE_CATALOGUE[0]).toMatchObject({ claim: 'civil_number', label: { ar: 'رقم المدني' } });
  });

  it('labels the attributes in the guide’s words, Arabic and English, in the order of seeds/README.md', () => {
    // seeds/README.md: "civil number · card expiry date · full name (Latin) · … · visitor visa number".
    expect(ATTRIBUTE_CATALOGUE.map((a) => a.label.en.toLowerCase())).toEqual([
      'civil number', 'card expiry date', 'full name (latin)', 'full name (arabic)', 'title (latin)', 'title (arabic)',
      'card status', 'card serial number', 'passport number', 'passport expiry date', 'date of birth', 'photo',
      'gender (latin)', 'gender (arabic)', 'nationality', 'permanent address', 'occupation', 'visa expiry date',
      'date of death', 'sponsor (latin)', 'sponsor (arabic)', 'visitor visa number',
    ]);
    expect(ATTRIBUTE_CATALOGUE.map((a) => a.label.ar).slice(0, 4)).toEqual(['رقم المدني', 'تاريخ انتهاء البطاقة', 'الاسم الكامل اللاتيني', 'الاسم الكامل العربي']);
    expect(attributeOfField('photo')).toMatchObject({ claim: 'photo_reference', label: { en: 'Photo', ar: 'الصورة' }, kind: 'photo' });
    expect(attributeOfField('visitor_visa_number').label).toEqual({ en: 'Visitor visa number', ar: 'رقم تأشيرة الزائر' });
  });

  it('puts every claim in exactly one scope bundle', () => {
    const bundled = Object.values(SCOPE_BUNDLES).flat();
    expect([...bundled].sort()).toEqual(ATTRIBUTE_CATALOGUE.map((a) => a.claim).sort());
    expect([...claimsOfScope('openid theqa:card nonsense')].sort()).toEqual(['card_expiry_date', 'card_serial_number', 'card_status']);
  });
});

describe('entitlements', () => {
  it('allow exactly what the relying party is entitled to, in catalogue order', () => {
    expect(requestableClaims(['photo_reference', 'civil_number'], naql)).toEqual(['civil_number', 'photo_reference']);
  });

  it('refuse a claim beyond the entitlement, and an unknown one, naming them', () => {
    expect(() => requestableClaims(['civil_number', 'passport_number'], naql)).toThrow(expect.objectContaining({ code: 'claim-not-entitled', details: { claims: ['passport_number'] } }));
    expect(() => requestableClaims(['pin'], naql)).toThrow(ConsentError);
  });

  it('need a purpose in both languages', () => {
    expect(() => checkEntitlement({ ...naql, purpose: { ar: '', en: 'x' } })).toThrow(expect.objectContaining({ code: 'purpose-invalid' }));
    expect(checkEntitlement({ ...naql, claims: ['photo_reference', 'civil_number'] }).claims).toEqual(['civil_number', 'photo_reference']);
  });
});

describe('consent records', () => {
  const now = new Date('2026-11-22T08:00:00Z');
  const record: ConsentRecord = { id: 'c1', civilNumber: '12345678', clientId: 'naql', claims: ['civil_number', 'full_name_en'], purpose, grantedAt: now, expiresAt: new Date(now.getTime() + 86_400_000) };

  it('cover the same or fewer claims for the same purpose while in force', () => {
    expect(consentCovers(record, ['civil_number'], purpose, now)).toBe(true);
    expect(consentCovers(record, ['civil_number', 'date_of_birth'], purpose, now)).toBe(false);
    expect(consentCovers(record, ['civil_number'], { ...purpose, en: 'Marketing' }, now)).toBe(false);
    expect(consentCovers({ ...record, withdrawnAt: now }, ['civil_number'], purpose, now)).toBe(false);
    expect(consentCovers(record, ['civil_number'], purpose, new Date(now.getTime() + 2 * 86_400_000))).toBe(false);
    expect(consentCovers(undefined, [], purpose, now)).toBe(false);
  });
});

describe('released claims and the declaration', () => {
  const registry = new SyntheticCivilRegistry();

  it('carry exactly the consented claims, null where the attribute does not apply', async () => {
    const person = (await registry.findPerson(TEST_PERSONS.demo))!;
    const released = releasedClaims(person, ['civil_number', 'full_name_ar', 'sponsor_en', 'photo_reference']);
    expect(Object.keys(released)).toEqual(['civil_number', 'full_name_ar', 'sponsor_en', 'photo_reference']);
    expect(released).toMatchObject({ civil_number: '12345678', full_name_ar: 'سالم بن ناصر بن علي الحارثي', sponsor_en: null, photo_reference: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.stringify(released)).not.toContain(person.phone_number);
  });

  it('lists the data by label and the purpose, as the guide shows it', () => {
    const declaration = declarationFor({ ar: 'منصة نقل', en: 'Naql' }, ['civil_number', 'date_of_birth'], purpose);
    expect(declaration.sharedWith.ar).toBe('البيانات التي سيتم مشاركتها مع منصة نقل:');
    expect(declaration.attributes.map((a) => a.label.ar)).toEqual(['رقم المدني', 'تاريخ الميلاد']);
    expect(declaration.purpose.ar).toBe('تقديم خدمات ودعم مخصص');
    expect(declaration.agree).toEqual({ ar: 'أوافق', en: 'I agree' });
  });
});
