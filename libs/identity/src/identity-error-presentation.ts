import type { IdentityErrorCode } from './identity-error';

/**
 * How serious each identity error is (an HTTP status class: the shells map it) and what the person is
 * told, in English and Arabic: the wallet and the portal show these titles. One table for every shell
 * that answers identity errors (the device routes, the signing service, the portal).
 */
export const IDENTITY_ERRORS: Record<IdentityErrorCode, { status: number; en: string; ar: string }> = {
  'request-invalid': { status: 400, en: 'The request is not valid', ar: 'الطلب غير صالح' },
  'journey-unknown': { status: 404, en: 'There is no such registration journey', ar: 'لا توجد عملية تسجيل بهذا الرمز' },
  'journey-closed': { status: 409, en: 'This journey has ended; start again', ar: 'انتهت هذه العملية؛ ابدأ من جديد' },
  'journey-expired': { status: 410, en: 'The journey has expired; start again', ar: 'انتهت مهلة العملية؛ ابدأ من جديد' },
  'step-out-of-order': { status: 409, en: 'This step is not the next one', ar: 'هذه ليست الخطوة التالية' },
  'step-expired': { status: 410, en: 'The step was not completed in time; start again', ar: 'لم تكتمل الخطوة في الوقت المحدد؛ ابدأ من جديد' },
  'journey-busy': { status: 409, en: 'Another request is changing this journey; retry', ar: 'طلب آخر يعدّل هذه العملية؛ أعد المحاولة' },
  'card-data-invalid': { status: 400, en: 'The card data is not valid', ar: 'بيانات البطاقة غير صالحة' },
  'card-signature-invalid': { status: 400, en: 'The card data is not genuine', ar: 'بيانات البطاقة غير أصلية' },
  'card-not-valid': { status: 403, en: 'The ID card is not valid (expired or cancelled)', ar: 'البطاقة الشخصية غير صالحة (منتهية أو ملغاة)' },
  'person-unknown': { status: 404, en: 'The civil registry does not know this person', ar: 'الشخص غير مسجل لدى الأحوال المدنية' },
  'person-deceased': { status: 403, en: 'Registration is not possible for this person', ar: 'لا يمكن التسجيل لهذا الشخص' },
  'names-disagree': { status: 422, en: 'The names do not agree with the civil registry', ar: 'الأسماء لا تطابق سجلات الأحوال المدنية' },
  'contact-invalid': { status: 400, en: 'The email or phone number is not valid', ar: 'البريد الإلكتروني أو رقم الهاتف غير صالح' },
  'terms-version': { status: 409, en: 'Accept the current terms and conditions', ar: 'يرجى قبول الشروط والأحكام الحالية' },
  'face-mismatch': { status: 422, en: 'The face does not match the civil registry photo', ar: 'الوجه لا يطابق صورة الأحوال المدنية' },
  'face-attempts-exhausted': { status: 403, en: 'Too many face match attempts; start again', ar: 'تجاوزت عدد محاولات مطابقة الوجه؛ ابدأ من جديد' },
  'otp-wrong': { status: 422, en: 'The verification code is wrong', ar: 'رمز التحقق غير صحيح' },
  'otp-expired': { status: 410, en: 'The verification code has expired; ask for a new one', ar: 'انتهت صلاحية رمز التحقق؛ اطلب رمزاً جديداً' },
  'otp-attempts-exhausted': { status: 403, en: 'The code was wrong three times; start again', ar: 'أدخلت رمزاً خاطئاً ثلاث مرات؛ ابدأ من جديد' },
  'otp-resend-too-soon': { status: 429, en: 'Wait before asking for another code', ar: 'انتظر قبل طلب رمز جديد' },
  'pin-format': { status: 400, en: 'The PIN must be 6 digits', ar: 'يجب أن يتكون الرقم السري من 6 أرقام' },
  'pin-trivial': { status: 422, en: 'This PIN is too easy to guess', ar: 'هذا الرقم السري سهل التخمين' },
  'csr-invalid': { status: 400, en: 'The device key request is not valid', ar: 'طلب مفتاح الجهاز غير صالح' },
  'device-unknown': { status: 404, en: 'There is no such device', ar: 'لا يوجد جهاز بهذا الرقم' },
  'device-revoked': { status: 403, en: 'This device has been removed', ar: 'تمت إزالة هذا الجهاز' },
  'device-signature-invalid': { status: 401, en: "The device's signature is missing, stale or wrong", ar: 'توقيع الجهاز مفقود أو قديم أو غير صحيح' },
  'challenge-unknown': { status: 404, en: 'There is no such request', ar: 'لا يوجد طلب بهذا الرمز' },
  'challenge-used': { status: 409, en: 'This request has already been answered', ar: 'تمت الإجابة على هذا الطلب مسبقاً' },
  'challenge-expired': { status: 410, en: 'This request has expired', ar: 'انتهت صلاحية هذا الطلب' },
  'answer-invalid': { status: 400, en: "The device's answer is not valid", ar: 'رد الجهاز غير صالح' },
  'pin-wrong': { status: 403, en: 'The PIN is wrong', ar: 'الرقم السري غير صحيح' },
  'pin-blocked': { status: 423, en: 'The PIN is blocked; reset it', ar: 'الرقم السري محظور؛ يرجى إعادة تعيينه' },
  'identity-unknown': { status: 404, en: 'There is no such digital identity', ar: 'لا توجد هوية رقمية بهذا الرقم' },
  'rate-limited': { status: 429, en: 'Too many attempts; try again later', ar: 'محاولات كثيرة جداً؛ حاول مرة أخرى لاحقاً' },
  'external-unavailable': { status: 503, en: 'A government service is unavailable; try again later', ar: 'إحدى الخدمات الحكومية غير متاحة؛ حاول لاحقاً' },
};
