import type { Bilingual } from '@theqa/kernel';
import type { IdentityErrorCode } from './identity-error';

/**
 * How serious each identity error is (an HTTP status class: the shells map it) and what the person is
 * told, in English and Arabic: the wallet and the portal show these titles, and `next`, what the
 * person can do about it, where there is something to do. One table for every shell that answers
 * identity errors (the device routes, the signing service, the portal).
 */
export const IDENTITY_ERRORS: Record<IdentityErrorCode, { status: number; en: string; ar: string; next?: Bilingual }> = {
  'request-invalid': { status: 400, en: 'The request is not valid', ar: 'الطلب غير صالح' },
  'journey-unknown': { status: 404, en: 'There is no such registration journey', ar: 'لا توجد عملية تسجيل بهذا الرمز' },
  'journey-closed': { status: 409, en: 'This journey has ended; start again', ar: 'انتهت هذه العملية؛ ابدأ من جديد', next: { en: 'Start again from the beginning.', ar: 'ابدأ من جديد من البداية.' } },
  'journey-expired': { status: 410, en: 'The journey has expired; start again', ar: 'انتهت مهلة العملية؛ ابدأ من جديد', next: { en: 'Start again from the beginning.', ar: 'ابدأ من جديد من البداية.' } },
  'step-out-of-order': { status: 409, en: 'This step is not the next one', ar: 'هذه ليست الخطوة التالية' },
  'step-expired': { status: 410, en: 'The step was not completed in time; start again', ar: 'لم تكتمل الخطوة في الوقت المحدد؛ ابدأ من جديد', next: { en: 'Start again from the beginning.', ar: 'ابدأ من جديد من البداية.' } },
  'journey-busy': { status: 409, en: 'Another request is changing this journey; retry', ar: 'طلب آخر يعدّل هذه العملية؛ أعد المحاولة' },
  'card-data-invalid': { status: 400, en: 'The card data is not valid', ar: 'بيانات البطاقة غير صالحة' },
  'card-signature-invalid': { status: 400, en: 'The card data is not genuine', ar: 'بيانات البطاقة غير أصلية' },
  'card-not-valid': { status: 403, en: 'The ID card is not valid (expired or cancelled)', ar: 'البطاقة الشخصية غير صالحة (منتهية أو ملغاة)', next: { en: 'Renew your ID card at the Royal Oman Police, then try again.', ar: 'جدّد بطاقتك الشخصية لدى شرطة عمان السلطانية، ثم حاول مرة أخرى.' } },
  'person-unknown': { status: 404, en: 'The civil registry does not know this person', ar: 'الشخص غير مسجل لدى الأحوال المدنية' },
  'person-deceased': { status: 403, en: 'Registration is not possible for this person', ar: 'لا يمكن التسجيل لهذا الشخص', next: { en: 'Contact the Theqa help desk if this is a mistake.', ar: 'تواصل مع مكتب مساعدة ثقة إذا كان هذا خطأ.' } },
  'names-disagree': { status: 422, en: 'The names do not agree with the civil registry', ar: 'الأسماء لا تطابق سجلات الأحوال المدنية' },
  'contact-invalid': { status: 400, en: 'The email or phone number is not valid', ar: 'البريد الإلكتروني أو رقم الهاتف غير صالح' },
  'terms-version': { status: 409, en: 'Accept the current terms and conditions', ar: 'يرجى قبول الشروط والأحكام الحالية' },
  'face-mismatch': { status: 422, en: 'The face does not match the civil registry photo', ar: 'الوجه لا يطابق صورة الأحوال المدنية', next: { en: 'Take a new photo in good light, facing the camera.', ar: 'التقط صورة جديدة في إضاءة جيدة مع النظر إلى الكاميرا.' } },
  'face-attempts-exhausted': { status: 403, en: 'Too many face match attempts; start again', ar: 'تجاوزت عدد محاولات مطابقة الوجه؛ ابدأ من جديد', next: { en: 'Start again later; if it keeps failing, visit a service centre.', ar: 'ابدأ من جديد لاحقاً؛ وإذا تكرر الفشل فتوجه إلى أحد مراكز الخدمة.' } },
  'otp-wrong': { status: 422, en: 'The verification code is wrong', ar: 'رمز التحقق غير صحيح', next: { en: 'Check the code in the SMS and enter it again.', ar: 'تحقق من الرمز في الرسالة النصية وأدخله مرة أخرى.' } },
  'otp-expired': { status: 410, en: 'The verification code has expired; ask for a new one', ar: 'انتهت صلاحية رمز التحقق؛ اطلب رمزاً جديداً', next: { en: 'Ask for a new code.', ar: 'اطلب رمزاً جديداً.' } },
  'otp-attempts-exhausted': { status: 403, en: 'The code was wrong three times; start again', ar: 'أدخلت رمزاً خاطئاً ثلاث مرات؛ ابدأ من جديد', next: { en: 'Start again and ask for a new code.', ar: 'ابدأ من جديد واطلب رمزاً جديداً.' } },
  'otp-resend-too-soon': { status: 429, en: 'Wait before asking for another code', ar: 'انتظر قبل طلب رمز جديد' },
  'pin-format': { status: 400, en: 'The PIN must be 6 digits', ar: 'يجب أن يتكون الرقم السري من 6 أرقام' },
  'pin-trivial': { status: 422, en: 'This PIN is too easy to guess', ar: 'هذا الرقم السري سهل التخمين' },
  'csr-invalid': { status: 400, en: 'The device key request is not valid', ar: 'طلب مفتاح الجهاز غير صالح' },
  'device-unknown': { status: 404, en: 'There is no such device', ar: 'لا يوجد جهاز بهذا الرقم' },
  'device-revoked': { status: 403, en: 'This device has been removed', ar: 'تمت إزالة هذا الجهاز', next: { en: 'Use another of your devices, or register this one again.', ar: 'استخدم جهازاً آخر من أجهزتك، أو سجّل هذا الجهاز من جديد.' } },
  'device-signature-invalid': { status: 401, en: "The device's signature is missing, stale or wrong", ar: 'توقيع الجهاز مفقود أو قديم أو غير صحيح' },
  'challenge-unknown': { status: 404, en: 'There is no such request', ar: 'لا يوجد طلب بهذا الرمز' },
  'challenge-used': { status: 409, en: 'This request has already been answered', ar: 'تمت الإجابة على هذا الطلب مسبقاً' },
  'challenge-expired': { status: 410, en: 'This request has expired', ar: 'انتهت صلاحية هذا الطلب' },
  'answer-invalid': { status: 400, en: "The device's answer is not valid", ar: 'رد الجهاز غير صالح' },
  'pin-wrong': { status: 403, en: 'The PIN is wrong', ar: 'الرقم السري غير صحيح', next: { en: 'Enter your PIN again; after three wrong entries it is blocked.', ar: 'أدخل الرقم السري مرة أخرى؛ يُحظر بعد ثلاث محاولات خاطئة.' } },
  'pin-blocked': { status: 423, en: 'The PIN is blocked; reset it', ar: 'الرقم السري محظور؛ يرجى إعادة تعيينه', next: { en: 'Reset your PIN in the app (face match and SMS code), then start again.', ar: 'أعد تعيين الرقم السري في التطبيق (مطابقة الوجه ورمز الرسالة النصية)، ثم ابدأ من جديد.' } },
  'identity-unknown': { status: 404, en: 'There is no such digital identity', ar: 'لا توجد هوية رقمية بهذا الرقم', next: { en: 'Register with the Theqa app first.', ar: 'سجّل أولاً في تطبيق ثقة.' } },
  'rate-limited': { status: 429, en: 'Too many attempts; try again later', ar: 'محاولات كثيرة جداً؛ حاول مرة أخرى لاحقاً', next: { en: 'Wait a while, then try again.', ar: 'انتظر قليلاً ثم حاول مرة أخرى.' } },
  'external-unavailable': { status: 503, en: 'A government service is unavailable; try again later', ar: 'إحدى الخدمات الحكومية غير متاحة؛ حاول لاحقاً', next: { en: 'Try again in a few minutes.', ar: 'حاول مرة أخرى بعد بضع دقائق.' } },
  'identity-suspended': { status: 403, en: 'Your digital identity is suspended', ar: 'هويتك الرقمية موقوفة', next: { en: 'Contact the Theqa help desk.', ar: 'تواصل مع مكتب مساعدة ثقة.' } },
  'already-high': {
    status: 409,
    en: 'Your digital identity is already at the high level',
    ar: 'هويتك الرقمية في المستوى المرتفع بالفعل',
    next: {
      en: 'This device already has a valid signing key: you can sign documents; open "signing requests" in the Theqa app. A device of yours without a usable signing key can get a new one on the upgrade page.',
      ar: 'يحمل هذا الجهاز مفتاح توقيع صالحاً: يمكنك توقيع المستندات؛ افتح "طلبات التوقيع" في تطبيق ثقة. ويمكن لأي جهاز من أجهزتك لا يحمل مفتاح توقيع صالحاً الحصول على مفتاح جديد من صفحة الترقية.',
    },
  },
  'device-not-yours': {
    status: 403,
    en: 'This device is not one of your active devices',
    ar: 'هذا الجهاز ليس من أجهزتك الفعالة',
    next: { en: 'Pick one of your active devices by its serial number, or register this device first.', ar: 'اختر أحد أجهزتك الفعالة برقمه التسلسلي، أو سجّل هذا الجهاز أولاً.' },
  },
  'upgrade-code-unknown': {
    status: 404,
    en: 'This upgrade code is not valid',
    ar: 'رمز الترقية هذا غير صالح',
    next: { en: 'Scan the code the self-service portal shows now.', ar: 'امسح الرمز الظاهر الآن في بوابة الخدمة الذاتية.' },
  },
  'upgrade-code-expired': {
    status: 410,
    en: 'This upgrade code has expired',
    ar: 'انتهت صلاحية رمز الترقية هذا',
    next: { en: 'Refresh the portal page and scan the new code.', ar: 'حدّث صفحة البوابة وامسح الرمز الجديد.' },
  },
  'upgrade-code-used': {
    status: 409,
    en: 'This upgrade code has already been scanned',
    ar: 'تم مسح رمز الترقية هذا مسبقاً',
    next: { en: 'Carry on with the upgrade on the device that scanned it, or start again in the portal.', ar: 'تابع الترقية على الجهاز الذي مسحه، أو ابدأ من جديد في البوابة.' },
  },
  'upgrade-other-device': {
    status: 403,
    en: 'Scan this code with the device you picked in the portal',
    ar: 'امسح هذا الرمز بالجهاز الذي اخترته في البوابة',
    next: { en: 'Use the device whose serial number you picked, or pick this device in the portal.', ar: 'استخدم الجهاز الذي اخترت رقمه التسلسلي، أو اختر هذا الجهاز في البوابة.' },
  },
  'signing-key-is-login-key': {
    status: 422,
    en: "The signing key must be a new key, not one of the device's own keys",
    ar: 'يجب أن يكون مفتاح التوقيع مفتاحاً جديداً، وليس أحد مفاتيح الجهاز نفسه',
    next: { en: 'Let the app make a new signing key, then try again.', ar: 'دع التطبيق ينشئ مفتاح توقيع جديداً، ثم حاول مرة أخرى.' },
  },
};
