import type { Bilingual } from '@theqa/kernel';
import type { ActivityEntry } from '../portal-app-dependencies';

/** The relying party an entry is about (its client id in `details.client`), by name. */
export type NameOf = (clientId: string) => Bilingual | undefined;

const DENIALS: Record<string, Bilingual> = {
  'denied-on-device': { ar: 'رُفض في التطبيق', en: 'refused in the app' },
  'wrong-code': { ar: 'اختير رمز تحقق خاطئ', en: 'a wrong verification code was picked' },
  'pin-wrong': { ar: 'رقم سري خاطئ', en: 'wrong PIN' },
  'pin-blocked': { ar: 'الرقم السري محظور', en: 'PIN blocked' },
  'identity-suspended': { ar: 'الهوية موقوفة', en: 'identity suspended' },
  'consent-declined': { ar: 'لم تُمنح الموافقة', en: 'consent declined' },
  'assurance-too-low': { ar: 'مستوى التحقق غير كافٍ', en: 'assurance too low' },
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= 200 ? value : undefined);

/**
 * How the portal words the events it knows, in both languages, until a describer of the activity is
 * wired (PortalAppDependencies.describeActivity); an event it does not know is named by its code.
 */
export function describeEntry(entry: ActivityEntry, nameOf: NameOf): { title: Bilingual; detail?: Bilingual } {
  const d = entry.details ?? {};
  const client = text(d.client);
  const rp: Bilingual = client ? (nameOf(client) ?? { ar: client, en: client }) : { ar: 'خدمة', en: 'a service' };
  switch (entry.event) {
    case 'login.approved':
      return { title: { ar: `تسجيل دخول إلى ${rp.ar}`, en: `Logged in to ${rp.en}` } };
    case 'login.denied': {
      const why = text(d.denial) && DENIALS[d.denial as string];
      return { title: { ar: `رُفض تسجيل دخول إلى ${rp.ar}`, en: `Login to ${rp.en} refused` }, ...(why ? { detail: why } : {}) };
    }
    case 'login.qr-scanned':
      return { title: { ar: `قراءة رمز دخول إلى ${rp.ar}`, en: `Login code of ${rp.en} scanned` } };
    case 'login.push-sent':
      return { title: { ar: 'إرسال طلب دخول إلى التطبيق', en: 'Login request sent to the app' } };
    case 'login.ciba-sent':
      return { title: { ar: 'إرسال طلب دخول من خدمة دون متصفح', en: 'Login request sent by a service without a browser' } };
    case 'enrolment.started':
      return { title: { ar: 'بدء التسجيل', en: 'Registration started' } };
    case 'enrolment.completed':
      return { title: { ar: 'اكتمال التسجيل', en: 'Registration completed' } };
    case 'enrolment.failed':
      return { title: { ar: 'تعذّر التسجيل', en: 'Registration failed' } };
    case 'device.added':
      return { title: { ar: 'إضافة جهاز', en: 'Device added' }, ...(text(d.name) ? { detail: { ar: d.name as string, en: d.name as string } } : {}) };
    case 'device.renamed':
      return { title: { ar: 'إعادة تسمية جهاز', en: 'Device renamed' }, ...(text(d.name) ? { detail: { ar: d.name as string, en: d.name as string } } : {}) };
    case 'device.reported-lost':
      return { title: { ar: 'الإبلاغ عن فقدان جهاز', en: 'Device reported lost' }, detail: { ar: 'أُلغي الجهاز وشهاداته', en: 'the device and its certificates revoked' } };
    case 'pin.changed':
      return { title: { ar: 'تغيير الرقم السري', en: 'PIN changed' } };
    case 'pin.wrong':
      return { title: { ar: 'رقم سري خاطئ', en: 'Wrong PIN' }, ...(typeof d.failures === 'number' ? { detail: { ar: `المحاولة الخاطئة ${d.failures} من 3`, en: `wrong attempt ${d.failures} of 3` } } : {}) };
    case 'pin.blocked':
      return { title: { ar: 'حظر الرقم السري', en: 'PIN blocked' } };
    case 'pin.reset-started':
      return { title: { ar: 'بدء إعادة تعيين الرقم السري', en: 'PIN reset started' } };
    case 'pin.reset':
      return { title: { ar: 'إعادة تعيين الرقم السري', en: 'PIN reset' } };
    default:
      return { title: { ar: `حدث أمني (${entry.event})`, en: `Security event (${entry.event})` } };
  }
}
