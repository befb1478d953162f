import { CONSENT_ATTRIBUTES, type ConsentAttribute, type Label } from '@theqa/integrations';

/** How a value is carried in a token: plain text, a calendar date, text in both scripts, a code, or a photo reference. */
export type ClaimKind = 'text' | 'date' | 'bilingual' | 'code' | 'photo';

export interface AttributeDefinition {
  /** The claim name in ID tokens and userinfo: stable, snake_case, never renamed (a new meaning is a new claim). */
  claim: string;
  /** The civil registry field the value comes from. */
  registryField: ConsentAttribute;
  label: Label;
  kind: ClaimKind;
}

/**
 * Each attribute's kind and its wording on the consent screen (the Arabic is the THEQA guide's own), in
 * the guide's order (seeds/README.md): the one list of these labels in the platform.
 */
const ATTRIBUTES: Readonly<Record<ConsentAttribute, { kind: ClaimKind; label: Label }>> = {
  civil_number: { kind: 'code', label: { en: 'Civil number', ar: 'رقم المدني' } },
  card_expiry_date: { kind: 'date', label: { en: 'Card expiry date', ar: 'تاريخ انتهاء البطاقة' } },
  full_name_en: { kind: 'text', label: { en: 'Full name (Latin)', ar: 'الاسم الكامل اللاتيني' } },
  full_name_ar: { kind: 'text', label: { en: 'Full name (Arabic)', ar: 'الاسم الكامل العربي' } },
  title_en: { kind: 'text', label: { en: 'Title (Latin)', ar: 'اللقب اللاتيني' } },
  title_ar: { kind: 'text', label: { en: 'Title (Arabic)', ar: 'اللقب العربي' } },
  card_status: { kind: 'code', label: { en: 'Card status', ar: 'حالة البطاقة' } },
  card_serial_number: { kind: 'code', label: { en: 'Card serial number', ar: 'الرقم التسلسلي للبطاقة' } },
  passport_number: { kind: 'code', label: { en: 'Passport number', ar: 'رقم الجواز' } },
  passport_expiry_date: { kind: 'date', label: { en: 'Passport expiry date', ar: 'تاريخ انتهاء الجواز' } },
  date_of_birth: { kind: 'date', label: { en: 'Date of birth', ar: 'تاريخ الميلاد' } },
  photo: { kind: 'photo', label: { en: 'Photo', ar: 'الصورة' } },
  gender_en: { kind: 'text', label: { en: 'Gender (Latin)', ar: 'الجنس باللاتيني' } },
  gender_ar: { kind: 'text', label: { en: 'Gender (Arabic)', ar: 'الجنس بالعربي' } },
  nationality: { kind: 'code', label: { en: 'Nationality', ar: 'الجنسية' } },
  permanent_address: { kind: 'bilingual', label: { en: 'Permanent address', ar: 'العنوان الدائم' } },
  occupation: { kind: 'bilingual', label: { en: 'Occupation', ar: 'الوظيفة' } },
  visa_expiry_date: { kind: 'date', label: { en: 'Visa expiry date', ar: 'تاريخ انتهاء التأشيرة' } },
  date_of_death: { kind: 'date', label: { en: 'Date of death', ar: 'تاريخ الوفاة' } },
  sponsor_en: { kind: 'text', label: { en: 'Sponsor (Latin)', ar: 'الكفيل باللاتيني' } },
  sponsor_ar: { kind: 'text', label: { en: 'Sponsor (Arabic)', ar: 'الكفيل بالعربي' } },
  visitor_visa_number: { kind: 'code', label: { en: 'Visitor visa number', ar: 'رقم تأشيرة الزائر' } },
};

/**
 * The 22 attributes of the consent screen (the THEQA guide's list and order), one catalogue for the
 * gateway, the consent screen, the portal and the administrators' console. The claim names are the
 * registry's field names, prefixed where OpenID Connect already gives a plain name another meaning.
 */
export const ATTRIBUTE_CATALOGUE: readonly AttributeDefinition[] = CONSENT_ATTRIBUTES.map((field) => ({
  claim: field === 'photo' ? 'photo_reference' : field,
  registryField: field,
  label: ATTRIBUTES[field].label,
  kind: ATTRIBUTES[field].kind,
}));

const BY_CLAIM = new Map(ATTRIBUTE_CATALOGUE.map((a) => [a.claim, a]));

export function attributeByClaim(claim: string): AttributeDefinition | undefined {
  return BY_CLAIM.get(claim);
}

/** The catalogue's entry for a registry field (its label wherever a record is shown). */
export function attributeOfField(field: ConsentAttribute): AttributeDefinition {
  return ATTRIBUTE_CATALOGUE[CONSENT_ATTRIBUTES.indexOf(field)];
}

/** Claims in catalogue order, so every screen lists them as the guide does. */
export function inCatalogueOrder(claims: Iterable<string>): string[] {
  const wanted = new Set(claims);
  return ATTRIBUTE_CATALOGUE.filter((a) => wanted.has(a.claim)).map((a) => a.claim);
}
