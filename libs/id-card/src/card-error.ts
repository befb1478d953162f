import type { Bilingual } from '@theqa/kernel';

export type CardErrorCode =
  | 'usage'
  | 'module-unavailable'
  | 'card-not-found'
  | 'card-ambiguous'
  | 'card-exists'
  | 'card-blank-slot-missing'
  | 'card-not-personalised'
  | 'card-tampered'
  | 'card-busy'
  | 'pin-format'
  | 'puk-format'
  | 'pin-incorrect'
  | 'pin-blocked'
  | 'puk-incorrect'
  | 'puk-blocked'
  | 'origin-invalid'
  | 'nonce-invalid'
  | 'hash-invalid'
  | 'hash-function-unsupported'
  | 'token-error';

/** What the holder (or the browser extension showing it) reads for each refusal: Arabic first, English. */
export const CARD_ERROR_MESSAGES: Readonly<Record<CardErrorCode, Bilingual>> = {
  usage: { ar: 'الطلب غير مكتمل أو غير صحيح', en: 'The request is incomplete or invalid' },
  'module-unavailable': { ar: 'تعذّر تحميل برنامج قارئ البطاقة (PKCS#11)', en: 'The card reader software (PKCS#11 module) could not be loaded' },
  'card-not-found': { ar: 'لم يُعثر على البطاقة الشخصية في القارئ', en: 'No ID card was found in the reader' },
  'card-ambiguous': { ar: 'في القارئ أكثر من بطاقة؛ اختر واحدة', en: 'More than one card is present; choose one' },
  'card-exists': { ar: 'هذه البطاقة مُخصَّصة من قبل', en: 'This card has already been personalised' },
  'card-blank-slot-missing': { ar: 'لا توجد بطاقة فارغة لتخصيصها', en: 'There is no blank card to personalise' },
  'card-not-personalised': { ar: 'البطاقة لا تحمل مفاتيح وشهادات ثقة', en: 'The card holds no Theqa keys and certificates' },
  'card-tampered': { ar: 'عُبث بعدّاد محاولات الرقم السري في البطاقة؛ البطاقة محظورة', en: 'The card’s PIN attempt counter has been tampered with; the card is blocked' },
  'card-busy': { ar: 'البطاقة مشغولة بعملية أخرى؛ أعد المحاولة', en: 'The card is busy with another operation; try again' },
  'pin-format': { ar: 'الرقم السري ستة أرقام', en: 'The PIN is six digits' },
  'puk-format': { ar: 'رمز فك الحظر (PUK) ثمانية أرقام', en: 'The PUK is eight digits' },
  'pin-incorrect': { ar: 'الرقم السري غير صحيح', en: 'The PIN is incorrect' },
  'pin-blocked': { ar: 'الرقم السري محظور بعد ثلاث محاولات خاطئة؛ فكّ حظره برمز PUK', en: 'The PIN is blocked after three wrong attempts; unblock it with the PUK' },
  'puk-incorrect': { ar: 'رمز فك الحظر (PUK) غير صحيح', en: 'The PUK is incorrect' },
  'puk-blocked': { ar: 'رمز فك الحظر (PUK) محظور؛ راجع جهة إصدار البطاقة', en: 'The PUK is blocked; contact the card issuer' },
  'origin-invalid': { ar: 'عنوان الموقع غير صالح', en: 'The website origin is invalid' },
  'nonce-invalid': { ar: 'رمز التحدي غير صالح', en: 'The challenge nonce is invalid' },
  'hash-invalid': { ar: 'بصمة المستند غير صالحة', en: 'The document hash is invalid' },
  'hash-function-unsupported': { ar: 'دالة البصمة غير مدعومة', en: 'The hash function is not supported' },
  'token-error': { ar: 'تعذّر التواصل مع البطاقة', en: 'The card could not be used' },
};

/** A refusal of the card or the card app: a code for programs, bilingual words for people, and details. */
export class CardError extends Error {
  readonly messages: Bilingual;

  constructor(
    readonly code: CardErrorCode,
    detail?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    const messages = CARD_ERROR_MESSAGES[code];
    super(detail ? `${messages.en}: ${detail}` : messages.en);
    this.name = 'CardError';
    this.messages = messages;
  }
}

/** The PKCS#11 return code (or first line) of an error: enough to act on, never key material or a PIN. */
export function tokenReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.match(/CKR_[A-Z0-9_]+/)?.[0] ?? message.split('\n')[0].slice(0, 200);
}
