import type { DeviceRecord, DeviceSigningKeyState, IdentityRecord, SigningKeyState } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import type { UpgradeRefusal } from '../upgrade/upgrade-refusal';
import { badge, csrfField, escapeHtml, facts, ltr, t } from './html';
import { layout, type PageContext } from './layout';
import { ASSURANCE, platformName } from './words';

type SessionContext = PageContext & { session: NonNullable<PageContext['session']> };

export const UPGRADE_TITLE: Bilingual = { ar: 'ترقية الهوية الرقمية إلى المستوى المرتفع', en: 'Upgrade your digital identity to high' };
export const RENEWAL_TITLE: Bilingual = { ar: 'تجديد مفتاح التوقيع على جهاز', en: 'Renew the signing key on a device' };

/** Why a device of a HIGH identity is offered the renewal, or not. */
const KEY_STATE: Record<SigningKeyState, Bilingual> = {
  usable: { ar: 'يحمل مفتاح توقيع صالحاً', en: 'holds a valid signing key' },
  missing: { ar: 'لا يحمل مفتاح توقيع', en: 'holds no signing key' },
  unusable: { ar: 'شهادة مفتاح التوقيع ملغاة أو منتهية', en: 'its signing certificate is revoked or expired' },
};

/** What the high level gives, as the THEQA guide lists it. */
const WHAT_HIGH_GIVES: Bilingual[] = [
  {
    ar: 'التوقيع الإلكتروني المعتمد: توقّع المستندات توقيعاً له حجية التوقيع بخط اليد، بمفتاح توقيع خاص بك على جهازك وشهادة توقيع معتمدة.',
    en: 'A qualified electronic signature: sign documents with the effect of a handwritten signature, with a signing key of your own on your device and a qualified signing certificate.',
  },
  {
    ar: '«طلبات التوقيع» في تطبيق ثقة: تطلب الجهات توقيعك على مستند، فتراجعه وتوقّعه من هاتفك.',
    en: '"Signing requests" in the THEQA app: services ask you to sign a document, and you review and sign it on your phone.',
  },
  { ar: 'الدخول إلى الخدمات التي تطلب المستوى المرتفع.', en: 'Logging in to services that require the high level.' },
];

/** What follows on the device picked, in the guide's order. */
const ON_THE_DEVICE: Bilingual[] = [
  {
    ar: 'تعرض الصفحة التالية رمز استجابة سريعة: امسحه بتطبيق ثقة على هذا الجهاز، أو افتحه في المحفظة الإلكترونية إن كان هذا الجهاز متصفحك. يتجدد الرمز كل دقيقتين.',
    en: 'The next page shows a QR code: scan it with the THEQA app on this device, or open it in the web wallet if this device is your browser. The code renews itself every two minutes.',
  },
  { ar: 'مطابقة الوجه: التقط صورة لوجهك تُقارن بصورتك لدى الأحوال المدنية (ثلاث محاولات).', en: 'Face match: take a photo of your face, compared with your photo at the civil registry (three attempts).' },
  {
    ar: 'رمز التحقق: يُرسل برسالة نصية إلى رقم هاتفك المسجل لدى الأحوال المدنية، فتدخله في التطبيق.',
    en: 'Verification code: sent by SMS to your phone number on record at the civil registry; enter it in the app.',
  },
  { ar: 'الشروط والأحكام: اقرأها ووافق عليها.', en: 'Terms and conditions: read and accept them.' },
  {
    ar: 'مفتاح توقيع منفصل: ينشئ الجهاز مفتاح توقيع جديداً غير مفتاح الدخول يحميه رقمك السري، وتصدر له جهة التصديق للتوقيع شهادة توقيع معتمدة.',
    en: 'A separate signing key: the device makes a new signing key, not its login key, protected by your PIN, and the Citizen Signing CA issues it a qualified signing certificate.',
  },
];

const radioId = (serial: string) => `device-${serial}`;

/** What stops the upgrade as asked, and the way on; a refusal about the device leads to the devices. */
export function refusalSummary(lang: Language, refusal: UpgradeRefusal | undefined, firstDevice?: string): string {
  if (!refusal) return '';
  const link = refusal.aboutDevice && firstDevice ? `<p><a href="#${escapeHtml(radioId(firstDevice))}">${t({ ar: 'اختر أحد أجهزتك', en: 'Pick one of your devices' }, lang)}</a></p>` : '';
  return `<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" data-testid="upgrade-refusal" data-code="${escapeHtml(refusal.code)}">
<h2 id="error-summary-title">${t(refusal.title, lang)}</h2>
${refusal.next ? `<p>${t(refusal.next, lang)}</p>` : ''}${link}
</div>`;
}

function whatHighGives(lang: Language): string {
  return `<ul>${WHAT_HIGH_GIVES.map((line) => `<li>${t(line, lang)}</li>`).join('')}</ul>`;
}

function level(lang: Language, identity: IdentityRecord): string {
  return `<span data-testid="assurance" data-level="${identity.assurance}">${badge(identity.assurance === 'high' ? 'good' : 'neutral', ASSURANCE[identity.assurance], lang)}</span>`;
}

/**
 * An identity already HIGH whose devices lack a usable signing key (a new device, a key dropped at a
 * PIN reset in the app, a certificate revoked or expired): those devices to pick from for a new key;
 * the devices that sign already are listed, not offered.
 */
function renewal(lang: Language, view: { identity: IdentityRecord; signingKeys: DeviceSigningKeyState[]; currentDevice?: string; picked?: string; refusal?: UpgradeRefusal }): string {
  const offered = view.signingKeys.filter((k) => k.signingKey !== 'usable');
  const signing = view.signingKeys.filter((k) => k.signingKey === 'usable');
  const problem = view.refusal?.aboutDevice ? view.refusal : undefined;
  return `${facts(lang, [[{ ar: 'مستوى التحقق', en: 'Assurance level' }, level(lang, view.identity)]])}
<p data-testid="renewal-intro">${t({ ar: 'هويتك الرقمية في المستوى المرتفع. يمكن لجهاز من أجهزتك لا يحمل مفتاح توقيع صالحاً أن يحصل على مفتاح توقيع جديد وشهادة توقيع معتمدة جديدة، بالخطوات نفسها: مسح الرمز، مطابقة الوجه، رمز الرسالة النصية، الشروط والأحكام.', en: 'Your digital identity is at the high level. A device of yours without a usable signing key can get a new signing key and a new qualified signing certificate, by the same steps: scan the code, face match, SMS code, terms and conditions.' }, lang)}</p>
<form method="get" action="/portal/upgrade/confirm" novalidate>
<fieldset aria-describedby="device-hint${problem ? ' device-error' : ''}">
<legend>${t({ ar: 'اختر الجهاز الذي سيحمل مفتاح التوقيع الجديد، حسب رقمه التسلسلي', en: 'Pick the device that will hold the new signing key, by its serial number' }, lang)}</legend>
<span class="hint" id="device-hint">${t({ ar: 'الأجهزة النشطة التي لا تحمل مفتاح توقيع صالحاً فقط. تُلغى شهادة المفتاح السابق لهذا الجهاز، إن وُجد.', en: 'Only active devices without a usable signing key. The previous signing certificate of that device, if any, is revoked.' }, lang)}</span>
${problem ? `<p class="field-error" id="device-error">${t(problem.title, lang)}</p>` : ''}
${offered.map(({ device, signingKey }) => deviceChoice(lang, device, view.picked, view.currentDevice, KEY_STATE[signingKey])).join('\n')}
</fieldset>
<button type="submit">${t({ ar: 'متابعة', en: 'Continue' }, lang)}</button>
</form>
${
  signing.length
    ? `<h2>${t({ ar: 'أجهزة تحمل مفتاح توقيع صالحاً', en: 'Devices that hold a valid signing key' }, lang)}</h2>
<ul data-testid="signing-devices">${signing.map(({ device }) => `<li>${escapeHtml(device.name)} — ${ltr(device.serial)}: ${t(KEY_STATE.usable, lang)}</li>`).join('')}</ul>`
    : ''
}`;
}

/** An identity already HIGH: nothing to upgrade, and what it allows. No form. */
function alreadyHigh(lang: Language, identity: IdentityRecord): string {
  return `${facts(lang, [[{ ar: 'مستوى التحقق', en: 'Assurance level' }, level(lang, identity)]])}
<p data-testid="already-high">${t({ ar: 'هويتك الرقمية في المستوى المرتفع بالفعل: لا حاجة إلى الترقية.', en: 'Your digital identity is already at the high level: there is nothing to upgrade.' }, lang)}</p>
<h2>${t({ ar: 'ما يتيحه لك المستوى المرتفع', en: 'What the high level gives you' }, lang)}</h2>
${whatHighGives(lang)}
<p><a href="/portal">${t({ ar: 'شهادة التوقيع المعتمدة في صفحة إدارة الهوية الرقمية', en: 'Your qualified signing certificate on the manage digital identity page' }, lang)}</a></p>`;
}

function deviceChoice(lang: Language, device: DeviceRecord, picked: string | undefined, currentDevice: string | undefined, keyState?: Bilingual): string {
  const id = radioId(device.serial);
  const here = `${device.serial === currentDevice ? ` <span class="badge neutral">${t({ ar: 'هذه الجلسة', en: 'this session' }, lang)}</span>` : ''}${keyState ? ` <span class="badge warn" data-testid="key-state">${t(keyState, lang)}</span>` : ''}`;
  return `<div class="radio"><input type="radio" name="device" id="${escapeHtml(id)}" value="${escapeHtml(device.serial)}"${device.serial === picked ? ' checked' : ''} aria-describedby="${escapeHtml(id)}-kind">
<label for="${escapeHtml(id)}">${escapeHtml(device.name)} — ${ltr(device.serial)}${here}</label> <span class="hint" id="${escapeHtml(id)}-kind">${t(platformName(device.platform), lang)}</span></div>`;
}

/**
 * Manage digital identity → upgrade: what the high level gives, and the person's active devices to
 * pick from by serial number; "continue" leads to the confirmation. Already HIGH: the devices without
 * a usable signing key, to renew it on one (`signingKeys`); none such: says HIGH, no form.
 */
export function upgradePickPage(
  context: SessionContext,
  view: { identity: IdentityRecord; devices: DeviceRecord[]; signingKeys?: DeviceSigningKeyState[]; currentDevice?: string; picked?: string; refusal?: UpgradeRefusal },
): string {
  const { lang } = context;
  const active = view.devices.filter((d) => d.status === 'active');
  if (view.identity.assurance === 'high') {
    const signingKeys = view.signingKeys ?? [];
    const offered = signingKeys.find((k) => k.signingKey !== 'usable');
    const summary = refusalSummary(lang, view.refusal, offered?.device.serial);
    if (!offered) return layout(context, { title: UPGRADE_TITLE, section: 'upgrade', body: `${summary}${alreadyHigh(lang, view.identity)}` });
    return layout(context, { title: RENEWAL_TITLE, section: 'upgrade', body: `${summary}${renewal(lang, { ...view, signingKeys })}` });
  }
  const summary = refusalSummary(lang, view.refusal, active[0]?.serial);
  const problem = view.refusal?.aboutDevice ? view.refusal : undefined;
  const choose = active.length
    ? `<form method="get" action="/portal/upgrade/confirm" novalidate>
<fieldset aria-describedby="device-hint${problem ? ' device-error' : ''}">
<legend>${t({ ar: 'اختر الجهاز الذي سيحمل مفتاح التوقيع، حسب رقمه التسلسلي', en: 'Pick the device that will hold your signing key, by its serial number' }, lang)}</legend>
<span class="hint" id="device-hint">${t({ ar: 'تكتمل الترقية على هذا الجهاز: يمسح رمز الاستجابة السريعة ويُنشئ مفتاح التوقيع. الأجهزة النشطة فقط.', en: 'The upgrade is completed on that device: it scans the QR code and makes the signing key. Active devices only.' }, lang)}</span>
${problem ? `<p class="field-error" id="device-error">${t(problem.title, lang)}</p>` : ''}
${active.map((device) => deviceChoice(lang, device, view.picked, view.currentDevice)).join('\n')}
</fieldset>
<button type="submit">${t({ ar: 'متابعة', en: 'Continue' }, lang)}</button>
</form>`
    : `<p data-testid="no-active-device">${t({ ar: 'لا يوجد لديك جهاز نشط. سجّل جهازاً أولاً، ثم عد إلى هذه الصفحة.', en: 'You have no active device. Register a device first, then come back to this page.' }, lang)} <a href="/portal/devices">${t({ ar: 'الأجهزة', en: 'Devices' }, lang)}</a></p>`;
  return layout(context, {
    title: UPGRADE_TITLE,
    section: 'upgrade',
    body: `${summary}${facts(lang, [[{ ar: 'مستوى التحقق الحالي', en: 'Assurance level now' }, level(lang, view.identity)]])}
<h2>${t({ ar: 'ما تضيفه الترقية', en: 'What the upgrade gives you' }, lang)}</h2>
${whatHighGives(lang)}
<h2>${t({ ar: 'الجهاز', en: 'The device' }, lang)}</h2>
${choose}`,
  });
}

/**
 * Continue → confirm: the device picked, what follows on it, and "confirm" (which begins the upgrade,
 * or for a HIGH identity the renewal of that device's signing key).
 */
export function upgradeConfirmPage(context: SessionContext, device: DeviceRecord, renewing = false): string {
  const { lang } = context;
  return layout(context, {
    title: renewing ? { ar: 'تأكيد تجديد مفتاح التوقيع', en: 'Confirm the renewal of the signing key' } : { ar: 'تأكيد الترقية', en: 'Confirm the upgrade' },
    section: 'upgrade',
    body: `${facts(lang, [
      [{ ar: 'الجهاز', en: 'Device' }, `<span data-testid="picked-name">${escapeHtml(device.name)}</span>`],
      [{ ar: 'الرقم التسلسلي', en: 'Serial number' }, `<span data-testid="picked-serial">${ltr(device.serial)}</span>`],
      [{ ar: 'النوع', en: 'Kind' }, t(platformName(device.platform), lang)],
    ])}
<h2>${t({ ar: 'ما يلي على هذا الجهاز', en: 'What follows on this device' }, lang)}</h2>
<ol class="steps">${ON_THE_DEVICE.map((step) => `<li>${t(step, lang)}</li>`).join('')}</ol>
<p>${t({ ar: 'تنتهي الترقية إن لم تكتمل خلال ثلاثين دقيقة، ويمكنك التخلي عنها في أي وقت ثم البدء من جديد.', en: 'The upgrade ends if it is not completed within thirty minutes; you can abandon it at any time and start again.' }, lang)}</p>
<form method="post" action="/portal/upgrade" class="actions">
${csrfField(context.session.csrfToken)}
<input type="hidden" name="device" value="${escapeHtml(device.serial)}">
<input type="hidden" name="purpose" value="${renewing ? 'renewal' : 'upgrade'}">
<button type="submit">${t({ ar: 'تأكيد', en: 'Confirm' }, lang)}</button>
<a href="/portal/upgrade?device=${encodeURIComponent(device.serial)}">${t({ ar: 'اختيار جهاز آخر', en: 'Pick another device' }, lang)}</a>
</form>`,
  });
}
