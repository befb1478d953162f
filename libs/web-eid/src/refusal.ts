import type { Bilingual } from '@theqa/kernel';

/**
 * Why a Web eID authentication was refused: one stable code per check of the validation, each with
 * the title a person reads (Arabic first). The gateway turns one into a page or an OAuth error; the
 * detail is for the log and the audit entry, never for the person.
 */
export const REFUSAL_TITLES = {
  'token-invalid': {
    ar: 'رمز التوثيق من البطاقة غير صالح. أعد المحاولة.',
    en: 'The authentication token from the ID card is not valid. Please try again.',
  },
  'origin-mismatch': {
    ar: 'وقّعت البطاقة لموقع آخر غير هذا الموقع.',
    en: 'The ID card signed for another website than this one.',
  },
  'nonce-unknown': {
    ar: 'طلب تسجيل الدخول بالبطاقة غير معروف لهذه الجلسة. ابدأ من جديد.',
    en: 'This ID-card login request is not known to this session. Please start again.',
  },
  'nonce-expired': {
    ar: 'انتهت مهلة تسجيل الدخول بالبطاقة. ابدأ من جديد.',
    en: 'The ID-card login took too long. Please start again.',
  },
  'nonce-used': {
    ar: 'استُخدم طلب تسجيل الدخول هذا من قبل. ابدأ من جديد.',
    en: 'This login request was already used. Please start again.',
  },
  'certificate-invalid': {
    ar: 'شهادة البطاقة غير مقروءة.',
    en: 'The ID card’s certificate cannot be read.',
  },
  'certificate-not-yet-valid': {
    ar: 'شهادة البطاقة لم تبدأ صلاحيتها بعد.',
    en: 'The ID card’s certificate is not valid yet.',
  },
  'certificate-expired': {
    ar: 'انتهت صلاحية البطاقة أو شهادتها.',
    en: 'The ID card or its certificate has expired.',
  },
  'certificate-purpose': {
    ar: 'هذه الشهادة ليست شهادة توثيق للبطاقة.',
    en: 'This certificate is not an ID-card authentication certificate.',
  },
  'certificate-policy': {
    ar: 'هذه الشهادة لم تصدر وفق سياسة توثيق البطاقة.',
    en: 'This certificate was not issued under the ID-card authentication policy.',
  },
  'certificate-untrusted': {
    ar: 'شهادة البطاقة لم تصدر من جهة التصديق الوطنية.',
    en: 'The ID card’s certificate was not issued by the national certification authority.',
  },
  'certificate-subject-invalid': {
    ar: 'شهادة البطاقة لا تحمل رقماً مدنياً صالحاً.',
    en: 'The ID card’s certificate does not carry a valid civil number.',
  },
  'certificate-revoked': {
    ar: 'شهادة البطاقة ملغاة أو موقوفة.',
    en: 'The ID card’s certificate has been revoked or suspended.',
  },
  'certificate-status-unknown': {
    ar: 'جهة التصديق لا تعرف شهادة البطاقة.',
    en: 'The certification authority does not know the ID card’s certificate.',
  },
  'revocation-unavailable': {
    ar: 'تعذّر التحقق من حالة شهادة البطاقة الآن. حاول بعد قليل.',
    en: 'The status of the ID card’s certificate cannot be checked now. Please try again shortly.',
  },
  'signature-invalid': {
    ar: 'توقيع البطاقة غير صحيح لهذا الموقع وهذا الطلب.',
    en: 'The ID card’s signature does not match this website and this request.',
  },
} as const satisfies Record<string, Bilingual>;

export type WebEidRefusalCode = keyof typeof REFUSAL_TITLES;

export const WEB_EID_REFUSAL_CODES = Object.keys(REFUSAL_TITLES) as WebEidRefusalCode[];

export interface WebEidRefusal {
  ok: false;
  code: WebEidRefusalCode;
  title: Bilingual;
  /** What exactly failed, in English, for the log and the audit entry (never shown to the person). */
  detail: string;
}

export function refuse(code: WebEidRefusalCode, detail: string): WebEidRefusal {
  return { ok: false, code, title: REFUSAL_TITLES[code], detail };
}
