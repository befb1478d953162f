import { ATTRIBUTE_LABELS, CONSENT_ATTRIBUTES, type ConsentAttribute, type Label } from '@theqa/integrations';

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

const KIND: Record<ConsentAttribute, ClaimKind> = {
  civil_number: 'code',
  card_expiry_date: 'date',
  full_name_en: 'text',
  full_name_ar: 'text',
  title_en: 'text',
  title_ar: 'text',
  card_status: 'code',
  card_serial_number: 'code',
  passport_number: 'code',
  passport_expiry_date: 'date',
  date_of_birth: 'date',
  photo: 'photo',
  gender_en: 'text',
  gender_ar: 'text',
  nationality: 'code',
  permanent_address: 'bilingual',
  occupation: 'bilingual',
  visa_expiry_date: 'date',
  date_of_death: 'date',
  sponsor_en: 'text',
  sponsor_ar: 'text',
  visitor_visa_number: 'code',
};

/**
 * The 22 attributes of the consent screen (the THEQA guide's list and order), one catalogue for the
 * gateway, the consent screen, the portal and the administrators' console. The claim names are the
 * registry's field names, prefixed where OpenID Connect already gives a plain name another meaning.
 */
export const ATTRIBUTE_CATALOGUE: readonly AttributeDefinition[] = CONSENT_ATTRIBUTES.map((field) => ({
  claim: field === 'photo' ? 'photo_reference' : field,
  registryField: field,
  label: ATTRIBUTE_LABELS[field],
  kind: KIND[field],
}));

const BY_CLAIM = new Map(ATTRIBUTE_CATALOGUE.map((a) => [a.claim, a]));

export function attributeByClaim(claim: string): AttributeDefinition | undefined {
  return BY_CLAIM.get(claim);
}

/** Claims in catalogue order, so every screen lists them as the guide does. */
export function inCatalogueOrder(claims: Iterable<string>): string[] {
  const wanted = new Set(claims);
  return ATTRIBUTE_CATALOGUE.filter((a) => wanted.has(a.claim)).map((a) => a.claim);
}
