import type { BilingualText, CardStatus, ConsentAttribute, RegistryPerson, Residency } from './registry-person';

/** A label in both languages the platform speaks. */
export type Label = BilingualText;

/** The consent screen's wording: the Arabic is the THEQA guide's own. */
export const ATTRIBUTE_LABELS: Readonly<Record<ConsentAttribute, Label>> = {
  civil_number: { en: 'Civil number', ar: 'رقم المدني' },
  card_expiry_date: { en: 'Card expiry date', ar: 'تاريخ انتهاء البطاقة' },
  full_name_en: { en: 'Full name (Latin)', ar: 'الاسم الكامل اللاتيني' },
  full_name_ar: { en: 'Full name (Arabic)', ar: 'الاسم الكامل العربي' },
  title_en: { en: 'Title (Latin)', ar: 'اللقب اللاتيني' },
  title_ar: { en: 'Title (Arabic)', ar: 'اللقب العربي' },
  card_status: { en: 'Card status', ar: 'حالة البطاقة' },
  card_serial_number: { en: 'Card serial number', ar: 'الرقم التسلسلي للبطاقة' },
  passport_number: { en: 'Passport number', ar: 'رقم الجواز' },
  passport_expiry_date: { en: 'Passport expiry date', ar: 'تاريخ انتهاء الجواز' },
  date_of_birth: { en: 'Date of birth', ar: 'تاريخ الميلاد' },
  photo: { en: 'Photo', ar: 'الصورة' },
  gender_en: { en: 'Gender (Latin)', ar: 'الجنس باللاتيني' },
  gender_ar: { en: 'Gender (Arabic)', ar: 'الجنس بالعربي' },
  nationality: { en: 'Nationality', ar: 'الجنسية' },
  permanent_address: { en: 'Permanent address', ar: 'العنوان الدائم' },
  occupation: { en: 'Occupation', ar: 'الوظيفة' },
  visa_expiry_date: { en: 'Visa expiry date', ar: 'تاريخ انتهاء التأشيرة' },
  date_of_death: { en: 'Date of death', ar: 'تاريخ الوفاة' },
  sponsor_en: { en: 'Sponsor (Latin)', ar: 'الكفيل باللاتيني' },
  sponsor_ar: { en: 'Sponsor (Arabic)', ar: 'الكفيل بالعربي' },
  visitor_visa_number: { en: 'Visitor visa number', ar: 'رقم تأشيرة الزائر' },
};

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
