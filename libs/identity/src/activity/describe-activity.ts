import { attributeByClaim } from '@theqa/consent';
import { assuranceOfAcr, type Bilingual } from '@theqa/kernel';
import { IDENTITY_ERRORS } from '../identity-error-presentation';
import type { ActivityEntry } from './activity-entry';

/** What the person reads of one entry: a title, and a line of detail where there is more to say. */
export interface ActivityDescription {
  title: Bilingual;
  detail?: Bilingual;
}

type Describe = (facts: Facts) => ActivityDescription;

/**
 * Every event that lands in a person's activity, in the person's words, Arabic and English. The
 * details an entry carries are facts recorded when it happened (the relying party's name then, the
 * document's name), so an entry reads the same years later; an event written by a newer version and
 * not known here still reads as a security event with its name.
 */
const DESCRIPTIONS: Record<string, Describe> = {
  'enrolment.started': (f) => ({ title: { ar: 'بدء تسجيل هوية رقمية', en: 'Registration of a digital identity started' }, detail: f.onDevice() }),
  'enrolment.completed': (f) => ({ title: { ar: 'اكتمل تسجيل الهوية الرقمية', en: 'Digital identity registered' }, detail: f.join(f.assurance(), f.onDevice()) }),
  'enrolment.failed': (f) => ({ title: { ar: 'لم يكتمل تسجيل الهوية الرقمية', en: 'Registration of a digital identity did not complete' }, detail: f.join(f.reason(), f.onDevice()) }),
  'device.added': (f) => ({ title: { ar: `أُضيف جهاز: ${f.text('name')}`, en: `Device added: ${f.text('name')}` }, detail: f.join(f.onDevice(), f.certificateSerial('certificate')) }),
  'device.renamed': (f) => ({ title: { ar: `أُعيدت تسمية جهاز: ${f.text('name')}`, en: `Device renamed: ${f.text('name')}` }, detail: f.onDevice() }),
  'device.reported-lost': (f) => ({
    title: { ar: 'أُبلغ عن فقدان جهاز', en: 'Device reported lost' },
    detail: f.join({ ar: 'أُلغي الجهاز وشهاداته، ولا يمكنه تسجيل الدخول أو التوقيع', en: 'the device and its certificates are revoked: it can no longer log in or sign' }, f.onDevice()),
  }),
  'pin.wrong': (f) => ({ title: { ar: 'أُدخل رقم سري خاطئ', en: 'A wrong PIN was entered' }, detail: f.join(f.failures(), f.onDevice()) }),
  'pin.blocked': (f) => ({
    title: { ar: 'حُظر الرقم السري', en: 'PIN blocked' },
    detail: f.join({ ar: 'بعد ثلاث محاولات خاطئة؛ أعد تعيينه بمطابقة الوجه ورمز الرسالة النصية', en: 'after three wrong entries; reset it with a face match and an SMS code' }, f.onDevice()),
  }),
  'pin.changed': (f) => ({ title: { ar: 'تم تغيير الرقم السري', en: 'PIN changed' }, detail: f.onDevice() }),
  'pin.reset-started': (f) => ({ title: { ar: 'بدء إعادة تعيين الرقم السري', en: 'PIN reset started' }, detail: f.onDevice() }),
  'pin.reset': (f) => ({ title: { ar: 'تمت إعادة تعيين الرقم السري', en: 'PIN reset' }, detail: f.join(f.onDevice(), f.certificateSerial('new_certificate', { ar: 'شهادة جديدة', en: 'new certificate' })) }),
  'pin.reset-failed': (f) => ({ title: { ar: 'لم تكتمل إعادة تعيين الرقم السري', en: 'PIN reset did not complete' }, detail: f.join(f.reason(), f.onDevice()) }),
  'pin.reset-required': () => ({
    title: { ar: 'طُلبت إعادة تعيين الرقم السري', en: 'PIN reset required' },
    detail: { ar: 'طلبها مكتب مساعدة ثقة؛ أعد تعيين الرقم السري بمطابقة الوجه ورمز الرسالة النصية قبل تسجيل الدخول أو التوقيع', en: 'asked for by the Theqa help desk; reset the PIN with a face match and an SMS code before logging in or signing' },
  }),
  'identity.suspended': () => ({
    title: { ar: 'أُوقفت الهوية الرقمية', en: 'Digital identity suspended' },
    detail: { ar: 'أوقفها مكتب مساعدة ثقة: عُلّقت شهاداتها ويُرفض تسجيل الدخول والتوقيع حتى إعادة تفعيلها', en: 'by the Theqa help desk: its certificates are on hold, and logins and signing are refused until it is restored' },
  }),
  'identity.restored': () => ({
    title: { ar: 'أُعيد تفعيل الهوية الرقمية', en: 'Digital identity restored' },
    detail: { ar: 'أعاد مكتب مساعدة ثقة تفعيلها وتفعيل الشهادات التي عُلّقت بإيقافها', en: 'by the Theqa help desk, with the certificates its suspension had put on hold' },
  }),
  'upgrade.started': (f) => (f.renewal() ? { title: { ar: 'بدء تجديد مفتاح التوقيع', en: 'Renewal of the signing key started' }, detail: f.onDevice() } : { title: { ar: 'بدء الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level started' }, detail: f.onDevice() }),
  'upgrade.claimed': (f) => (f.renewal() ? { title: { ar: 'مُسح رمز تجديد مفتاح التوقيع', en: 'Signing key renewal code scanned' }, detail: f.onDevice() } : { title: { ar: 'مُسح رمز الترقية إلى المستوى المرتفع', en: 'Upgrade code scanned' }, detail: f.onDevice() }),
  'upgrade.completed': (f) => ({
    title: { ar: 'رُفعت الهوية الرقمية إلى المستوى المرتفع', en: 'Digital identity raised to the high level' },
    detail: f.join(f.onDevice(), f.certificateSerial('certificate', { ar: 'شهادة التوقيع المؤهلة', en: 'qualified signing certificate' })),
  }),
  'upgrade.abandoned': (f) => (f.renewal() ? { title: { ar: 'أُلغي تجديد مفتاح التوقيع', en: 'Renewal of the signing key abandoned' }, detail: f.onDevice() } : { title: { ar: 'أُلغيت الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level abandoned' }, detail: f.onDevice() }),
  'upgrade.failed': (f) => ({
    title: f.renewal() ? { ar: 'لم يكتمل تجديد مفتاح التوقيع', en: 'Renewal of the signing key did not complete' } : { ar: 'لم تكتمل الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level did not complete' },
    detail: f.join(f.reason(), f.onDevice()),
  }),
  'signing-key.renewed': (f) => ({
    title: { ar: 'جُدّد مفتاح التوقيع على جهاز', en: 'Signing key renewed on a device' },
    detail: f.join(
      f.onDevice(),
      f.certificateSerial('certificate', { ar: 'شهادة التوقيع المؤهلة الجديدة', en: 'new qualified signing certificate' }),
      f.certificateSerial('replaced', { ar: 'أُلغيت الشهادة السابقة', en: 'previous certificate revoked' }),
    ),
  }),
  'signing-key.dropped': (f) => ({
    title: { ar: 'لم يعد مفتاح التوقيع على الجهاز صالحاً', en: 'The signing key of a device is no longer usable' },
    detail: f.join(
      { ar: 'بعد إعادة تعيين الرقم السري في التطبيق؛ أُلغيت شهادته. جدّده من صفحة الترقية في البوابة', en: 'after the PIN reset in the app; its certificate is revoked. Renew it on the portal’s upgrade page' },
      f.onDevice(),
      f.certificateSerial('certificate'),
    ),
  }),
  'login.push-sent': (f) => ({ title: { ar: `طلب تسجيل دخول إلى ${f.rp().ar} أُرسل إلى أجهزتك`, en: `A login request to ${f.rp().en} was sent to your devices` } }),
  'login.ciba-sent': (f) => ({ title: { ar: `طلب تسجيل دخول إلى ${f.rp().ar} أُرسل إلى أجهزتك`, en: `A login request to ${f.rp().en} was sent to your devices` } }),
  'login.qr-scanned': (f) => ({ title: { ar: `مُسح رمز تسجيل الدخول إلى ${f.rp().ar}`, en: `Login code of ${f.rp().en} scanned` }, detail: f.onDevice() }),
  'login.approved': (f) => ({ title: { ar: `تسجيل الدخول إلى ${f.rp().ar}`, en: `Logged in to ${f.rp().en}` }, detail: f.join(f.acr(), f.onDevice()) }),
  'login.denied': (f) => ({ title: { ar: `رُفض تسجيل الدخول إلى ${f.rp().ar}`, en: `Login to ${f.rp().en} refused` }, detail: f.join(f.denial(), f.onDevice()) }),
  'consent.granted': (f) => ({ title: { ar: `موافقة على مشاركة بياناتك مع ${f.rp().ar}`, en: `Consent to share your data with ${f.rp().en}` }, detail: f.claims() }),
  'consent.withdrawn': (f) => ({ title: { ar: `سُحبت الموافقة على مشاركة بياناتك مع ${f.rp().ar}`, en: `Consent to share your data with ${f.rp().en} withdrawn` } }),
  'signing.requested': (f) => ({ title: { ar: `طلب ${f.rp().ar} توقيع «${f.document().ar}»`, en: `${f.rp().en} asked you to sign “${f.document().en}”` }, detail: f.onDevice() }),
  'document.signed': (f) => ({ title: { ar: `وُقّع «${f.document().ar}»`, en: `“${f.document().en}” signed` }, detail: f.join({ ar: `لصالح ${f.rp().ar}`, en: `for ${f.rp().en}` }, f.onDevice()) }),
  'signing.declined': (f) => ({ title: { ar: `رُفض توقيع «${f.document().ar}»`, en: `Signing “${f.document().en}” declined` }, detail: { ar: `طلب من ${f.rp().ar}`, en: `requested by ${f.rp().en}` } }),
  'signing.failed': (f) => ({ title: { ar: `تعذّر توقيع «${f.document().ar}»`, en: `Signing “${f.document().en}” failed` }, detail: { ar: `طلب من ${f.rp().ar}`, en: `requested by ${f.rp().en}` } }),
  'signing.expired': (f) => ({ title: { ar: `انتهت مهلة طلب توقيع «${f.document().ar}»`, en: `The request to sign “${f.document().en}” expired` }, detail: { ar: `طلب من ${f.rp().ar}`, en: `requested by ${f.rp().en}` } }),
  'card.personalised': (f) => ({ title: { ar: 'خُصّصت بطاقتك الشخصية للتوثيق والتوقيع', en: 'Your ID card was personalised for authentication and signing' }, detail: f.join(f.certificateSerial('authentication_certificate'), f.certificateSerial('signing_certificate', { ar: 'شهادة التوقيع', en: 'signing certificate' })) }),
  'certificate.issued': (f) => ({ title: { ar: `أُصدرت ${f.profile().ar}`, en: `${f.profile().en} issued` }, detail: f.join(f.certificateSerial('certificate'), f.validUntil()) }),
  'certificate.revoked': (f) => ({ title: { ar: `أُلغيت ${f.profile().ar}`, en: `${f.profile().en} revoked` }, detail: f.join(f.certificateSerial('certificate'), f.revocationReason()) }),
  'certificate.held': (f) => ({ title: { ar: `عُلّقت ${f.profile().ar}`, en: `${f.profile().en} suspended` }, detail: f.certificateSerial('certificate') }),
  'certificate.released': (f) => ({ title: { ar: `أُعيد تفعيل ${f.profile().ar}`, en: `${f.profile().en} reinstated` }, detail: f.certificateSerial('certificate') }),
};

/** The names of the events describeActivity words; any other reads as a security event. */
export const ACTIVITY_EVENTS: readonly string[] = Object.keys(DESCRIPTIONS);

export function describeActivity(entry: Pick<ActivityEntry, 'event' | 'device' | 'details'>): ActivityDescription {
  const describe = DESCRIPTIONS[entry.event];
  if (!describe) return { title: { ar: 'حدث أمني', en: 'Security event' }, detail: { ar: entry.event, en: entry.event } };
  return describe(new Facts(entry.details ?? {}, entry.device));
}

const PROFILES: Record<string, Bilingual> = {
  'device-authentication': { ar: 'شهادة توثيق الجهاز', en: 'Device authentication certificate' },
  'qualified-signing': { ar: 'شهادة التوقيع المؤهلة', en: 'Qualified signing certificate' },
  'card-authentication': { ar: 'شهادة توثيق البطاقة', en: 'Card authentication certificate' },
  'card-qualified-signing': { ar: 'شهادة التوقيع المؤهلة على البطاقة', en: 'Qualified signing certificate on the ID card' },
};

const DENIALS: Record<string, Bilingual> = {
  'denied-on-device': { ar: 'رُفض على الجهاز', en: 'refused on the device' },
  'wrong-code': { ar: 'اختير رقم تحقق خاطئ', en: 'a wrong verification number was picked' },
  'pin-wrong': { ar: 'رقم سري خاطئ', en: 'wrong PIN' },
  'pin-blocked': { ar: 'الرقم السري محظور', en: 'the PIN is blocked' },
  'identity-suspended': { ar: 'الهوية موقوفة', en: 'the identity is suspended' },
  'consent-declined': { ar: 'لم تتم الموافقة على مشاركة البيانات', en: 'the data sharing was not agreed to' },
  'assurance-too-low': { ar: 'تتطلب الخدمة مستوى ضمان مرتفعاً', en: 'the service requires high assurance' },
};

const REVOCATION_REASONS: Record<string, Bilingual> = {
  keyCompromise: { ar: 'فقدان الجهاز أو اختراق المفتاح', en: 'device lost or key compromised' },
  superseded: { ar: 'استُبدلت بشهادة جديدة', en: 'replaced by a new certificate' },
  cessationOfOperation: { ar: 'توقف الاستخدام', en: 'no longer in use' },
  affiliationChanged: { ar: 'تغيّرت البيانات', en: 'details changed' },
  privilegeWithdrawn: { ar: 'سُحب الامتياز', en: 'privilege withdrawn' },
};

const ASSURANCE: Record<string, Bilingual> = {
  medium: { ar: 'مستوى الضمان: متوسط', en: 'assurance: medium' },
  high: { ar: 'مستوى الضمان: مرتفع', en: 'assurance: high' },
};

/** Reads an entry's details defensively: an entry written by an older version may lack a field. */
class Facts {
  constructor(
    private readonly details: Record<string, unknown>,
    private readonly device: string | undefined,
  ) {}

  /** An upgrade journey of an identity already HIGH, renewing a device's signing key. */
  renewal(): boolean {
    return this.details.renewal === true;
  }

  text(name: string): string {
    const value = this.details[name];
    return typeof value === 'string' && value ? value : '—';
  }

  bilingual(name: string): Bilingual | undefined {
    const value = this.details[name] as Partial<Bilingual> | undefined;
    return value && typeof value.ar === 'string' && typeof value.en === 'string' ? { ar: value.ar, en: value.en } : undefined;
  }

  /** The relying party by name, else by client id. */
  rp(): Bilingual {
    const named = this.bilingual('relying_party') ?? this.bilingual('relying_party_name');
    if (named) return named;
    const id = [this.details.client, this.details.relying_party].find((v): v is string => typeof v === 'string' && v !== '') ?? '—';
    return { ar: id, en: id };
  }

  document(): Bilingual {
    return this.bilingual('document_name') ?? { ar: 'مستند', en: 'a document' };
  }

  profile(): Bilingual {
    const profile = this.text('profile');
    return PROFILES[profile] ?? { ar: `شهادة (${profile})`, en: `Certificate (${profile})` };
  }

  onDevice(): Bilingual | undefined {
    return this.device ? { ar: `الجهاز ${this.device}`, en: `device ${this.device}` } : undefined;
  }

  certificateSerial(name: string, label: Bilingual = { ar: 'الرقم التسلسلي للشهادة', en: 'certificate serial' }): Bilingual | undefined {
    const serial = this.details[name];
    return typeof serial === 'string' && serial ? { ar: `${label.ar} ${serial}`, en: `${label.en} ${serial}` } : undefined;
  }

  validUntil(): Bilingual | undefined {
    const until = this.details.not_after;
    return typeof until === 'string' && until ? { ar: `صالحة حتى ${until.slice(0, 10)}`, en: `valid until ${until.slice(0, 10)}` } : undefined;
  }

  revocationReason(): Bilingual | undefined {
    const reason = this.details.reason;
    return typeof reason === 'string' ? (REVOCATION_REASONS[reason] ?? { ar: reason, en: reason }) : undefined;
  }

  acr(): Bilingual | undefined {
    const level = assuranceOfAcr(this.details.acr);
    return level && ASSURANCE[level];
  }

  assurance(): Bilingual | undefined {
    return ASSURANCE[this.text('assurance')];
  }

  denial(): Bilingual | undefined {
    const denial = this.details.denial;
    return typeof denial === 'string' ? (DENIALS[denial] ?? { ar: denial, en: denial }) : undefined;
  }

  failures(): Bilingual | undefined {
    const failures = this.details.failures;
    return typeof failures === 'number' ? { ar: `المحاولة الخاطئة رقم ${failures}`, en: `wrong attempt ${failures}` } : undefined;
  }

  /** Why a journey failed: an identity error's code, worded as the wallet words it. */
  reason(): Bilingual | undefined {
    const reason = this.details.reason;
    if (typeof reason !== 'string' || !reason) return undefined;
    const known = (IDENTITY_ERRORS as Record<string, { ar: string; en: string }>)[reason];
    return known ? { ar: known.ar, en: known.en } : { ar: reason, en: reason };
  }

  /** The data a consent released, by the catalogue's labels. */
  claims(): Bilingual | undefined {
    const claims = Array.isArray(this.details.claims) ? this.details.claims.filter((c): c is string => typeof c === 'string') : [];
    if (!claims.length) return undefined;
    const labels = claims.map((claim) => attributeByClaim(claim)?.label ?? { ar: claim, en: claim });
    return { ar: labels.map((l) => l.ar).join('، '), en: labels.map((l) => l.en).join(', ') };
  }

  join(...parts: Array<Bilingual | undefined>): Bilingual | undefined {
    const present = parts.filter((p): p is Bilingual => p !== undefined);
    if (!present.length) return undefined;
    return { ar: present.map((p) => p.ar).join(' · '), en: present.map((p) => p.en).join(' · ') };
  }
}
