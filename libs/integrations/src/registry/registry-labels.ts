import type { BilingualText, CardStatus, ConsentAttribute, RegistryPerson, Residency } from './registry-person';

/** A label in both languages the platform speaks. */
export type Label = BilingualText;

// The labels of the 22 consent attributes are the consent catalogue's (`@theqa/consent`); these are
// the labels of what the registry records beyond them, and of its coded values.

type EnrolmentField = Exclude<keyof RegistryPerson, ConsentAttribute>;

/** Labels of the registry fields that enrolment uses and consent never shares. */
export const ENROLMENT_FIELD_LABELS: Readonly<Record<EnrolmentField, Label>> = {
  given_name_en: { en: 'Given name (Latin)', ar: 'الاسم الأول باللاتيني' },
  family_name_en: { en: 'Family name (Latin)', ar: 'اسم العائلة باللاتيني' },
  given_name_ar: { en: 'Given name (Arabic)', ar: 'الاسم الأول بالعربي' },
  family_name_ar: { en: 'Family name (Arabic)', ar: 'اسم العائلة بالعربي' },
  phone_number: { en: 'Phone number on record', ar: 'رقم الهاتف المسجل' },
  email: { en: 'Email on record', ar: 'البريد الإلكتروني المسجل' },
  residency: { en: 'Citizen or resident', ar: 'مواطن أو مقيم' },
  card_issue_date: { en: 'Card issue date', ar: 'تاريخ إصدار البطاقة' },
};

export const CARD_STATUS_LABELS: Readonly<Record<CardStatus, Label>> = {
  valid: { en: 'Valid', ar: 'سارية' },
  expired: { en: 'Expired', ar: 'منتهية' },
  cancelled: { en: 'Cancelled', ar: 'ملغاة' },
};

export const RESIDENCY_LABELS: Readonly<Record<Residency, Label>> = {
  citizen: { en: 'Citizen', ar: 'مواطن' },
  resident: { en: 'Resident', ar: 'مقيم' },
};
