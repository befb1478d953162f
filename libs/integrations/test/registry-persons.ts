import type { RegistryPerson } from '../src/registry/registry-person';

// Two records as the development registry draws them (reference date 2026-01-01), written out so that
// this library's tests need no stand-in: the demo citizen and a resident with a company sponsor.

export const SALIM: RegistryPerson = {
  civil_number: '12345678',
  card_expiry_date: '2028-10-10',
  full_name_en: 'Salim Nasser Ali Al Harthy',
  full_name_ar: 'سالم بن ناصر بن علي الحارثي',
  title_en: null,
  title_ar: null,
  card_status: 'valid',
  card_serial_number: 'MA6438977',
  passport_number: 'L6839563',
  passport_expiry_date: '2027-04-05',
  date_of_birth: '1988-04-12',
  photo: {
    media_type: 'image/png',
    sha256: '926ec49e66e68e319f1de13786cec7678e4c319cdf9acd9a61ea3baaa41c17cf'
  },
  gender_en: 'Male',
  gender_ar: 'ذكر',
  nationality: 'OMN',
  permanent_address: {
    en: 'House 214, Way 3017, Al Khuwair, Wilayat Bawshar, Muscat Governorate',
    ar: 'منزل 214، سكة 3017، الخوير، ولاية بوشر، محافظة مسقط'
  },
  occupation: {
    en: 'Engineer',
    ar: 'مهندس'
  },
  visa_expiry_date: null,
  date_of_death: null,
  sponsor_en: null,
  sponsor_ar: null,
  visitor_visa_number: null,
  given_name_en: 'Salim',
  family_name_en: 'Al Harthy',
  given_name_ar: 'سالم',
  family_name_ar: 'الحارثي',
  phone_number: '+96891234567',
  email: 'salim.alharthy@example.com',
  residency: 'citizen',
  card_issue_date: '2023-10-10'
};

export const ANIL: RegistryPerson = {
  civil_number: '10000006',
  card_expiry_date: '2027-11-14',
  full_name_en: 'Anil Kumar Nair',
  full_name_ar: 'أنيل كومار ناير',
  title_en: null,
  title_ar: null,
  card_status: 'valid',
  card_serial_number: 'EJ7381892',
  passport_number: 'X1314333',
  passport_expiry_date: '2030-06-09',
  date_of_birth: '1986-02-17',
  photo: {
    media_type: 'image/png',
    sha256: 'cac721e16a770c56746cfc847172579de8141d04cda376483eb0f6f35beb1c9d'
  },
  gender_en: 'Male',
  gender_ar: 'ذكر',
  nationality: 'IND',
  permanent_address: {
    en: 'House 436, Way 5202, Al Mabailah, Wilayat Seeb, Muscat Governorate',
    ar: 'منزل 436، سكة 5202، المعبيلة، ولاية السيب، محافظة مسقط'
  },
  occupation: {
    en: 'Software engineer',
    ar: 'مهندس برمجيات'
  },
  visa_expiry_date: '2027-11-14',
  date_of_death: null,
  sponsor_en: 'Oman Digital Solutions LLC',
  sponsor_ar: 'شركة عمان للحلول الرقمية ش.م.م',
  visitor_visa_number: null,
  given_name_en: 'Anil',
  family_name_en: 'Nair',
  given_name_ar: 'أنيل',
  family_name_ar: 'ناير',
  phone_number: '+96891000006',
  email: 'anil.nair@example.com',
  residency: 'resident',
  card_issue_date: '2025-11-14'
};
