import type { UpgradeStep } from '@theqa/device-protocol';
import type { Bilingual } from '@theqa/kernel';
import { IDENTITY_ERRORS } from '../identity-error-presentation';
import type { JourneyRecord } from '../ports';

/** The failure of an upgrade the person ended in the portal. */
export const ABANDONED = 'abandoned';

const START_AGAIN: Bilingual = {
  en: 'Start the upgrade again: manage digital identity → upgrade, and pick your device.',
  ar: 'ابدأ الترقية من جديد: إدارة الهوية الرقمية ← الترقية، ثم اختر جهازك.',
};

/** What the person does next while the upgrade is open: the step is on the device they picked. */
const OPEN_STEP: Record<Exclude<UpgradeStep, 'done'>, (device: string) => Bilingual> = {
  scan: (device) => ({
    en: `Open the Theqa app on device ${device} and scan the QR code.`,
    ar: `افتح تطبيق ثقة على الجهاز ${device} وامسح رمز الاستجابة السريعة.`,
  }),
  face: (device) => ({ en: `Continue on device ${device}: take a photo of your face.`, ar: `تابع على الجهاز ${device}: التقط صورة لوجهك.` }),
  otp: (device) => ({
    en: `Continue on device ${device}: enter the code sent by SMS to your phone on record.`,
    ar: `تابع على الجهاز ${device}: أدخل الرمز المرسل برسالة نصية إلى هاتفك المسجل.`,
  }),
  terms: (device) => ({ en: `Continue on device ${device}: read and accept the terms and conditions.`, ar: `تابع على الجهاز ${device}: اقرأ الشروط والأحكام ووافق عليها.` }),
  'signing-key': (device) => ({
    en: `Continue on device ${device}: enter your PIN to create your signing key.`,
    ar: `تابع على الجهاز ${device}: أدخل الرقم السري لإنشاء مفتاح التوقيع.`,
  }),
};

const RENEW_AGAIN: Bilingual = {
  en: 'Start the renewal of your signing key again: manage digital identity → upgrade, and pick the device.',
  ar: 'ابدأ تجديد مفتاح التوقيع من جديد: إدارة الهوية الرقمية ← الترقية، ثم اختر الجهاز.',
};

const RENEWED: Bilingual = {
  en: 'Your device has a new signing key and qualified signing certificate: you can sign again. "Signing requests" are in the Theqa app.',
  ar: 'أصبح لجهازك مفتاح توقيع جديد وشهادة توقيع معتمدة: يمكنك التوقيع من جديد. "طلبات التوقيع" في تطبيق ثقة.',
};

const COMPLETED: Bilingual = {
  en: 'Your digital identity is now at the high level. "Signing requests" are available in the Theqa app.',
  ar: 'أصبحت هويتك الرقمية في المستوى المرتفع. "طلبات التوقيع" متاحة الآن في تطبيق ثقة.',
};

/** Failures whose way out is more than starting again. */
const FAILED_BECAUSE: Partial<Record<string, Bilingual>> = {
  'pin-blocked': IDENTITY_ERRORS['pin-blocked'].next,
  'device-revoked': { en: 'The device was removed. Pick another of your devices and start the upgrade again.', ar: 'تمت إزالة الجهاز. اختر جهازاً آخر من أجهزتك وابدأ الترقية من جديد.' },
  'card-not-valid': IDENTITY_ERRORS['card-not-valid'].next,
  'person-deceased': IDENTITY_ERRORS['person-deceased'].next,
  'face-attempts-exhausted': {
    en: 'The face did not match. Start the upgrade again later; if it keeps failing, visit a service centre.',
    ar: 'لم يتطابق الوجه. ابدأ الترقية من جديد لاحقاً؛ وإذا تكرر الفشل فتوجه إلى أحد مراكز الخدمة.',
  },
};

/** What the person can do next, in both languages, wherever the upgrade stands. */
export function nextForUpgrade(journey: JourneyRecord): Bilingual {
  const again = journey.state.renewal ? RENEW_AGAIN : START_AGAIN;
  if (journey.status === 'completed') return journey.state.renewal ? RENEWED : COMPLETED;
  if (journey.status === 'failed') return FAILED_BECAUSE[journey.failure ?? ''] ?? again;
  const device = journey.state.deviceSerial ?? '';
  return OPEN_STEP[journey.step as Exclude<UpgradeStep, 'done'>]?.(device) ?? again;
}
