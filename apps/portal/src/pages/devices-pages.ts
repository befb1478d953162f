import type { DeviceRecord } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import { badge, csrfField, dateOnly, errorSummary, escapeHtml, facts, ltr, notice, t } from './html';
import { layout, type PageContext } from './layout';
import { DEVICE_STATUS, platformName } from './words';

/** A rename that was refused: which device, what was typed (kept in the field), and why. */
export interface RenameProblem {
  serial: string;
  typed: string;
  message: Bilingual;
}

export type DevicesNotice = { kind: 'renamed' | 'reported'; device: DeviceRecord };

const fieldId = (serial: string) => `name-${serial}`;

function deviceCard(context: PageContext & { session: NonNullable<PageContext['session']> }, device: DeviceRecord, currentDevice: string | undefined, problem?: RenameProblem): string {
  const { lang } = context;
  const id = fieldId(device.serial);
  const failed = problem?.serial === device.serial ? problem : undefined;
  const status = DEVICE_STATUS[device.status];
  const actions =
    device.status === 'active'
      ? `<form method="post" action="/portal/devices/${escapeHtml(device.serial)}/name" class="inline-form" novalidate>
${csrfField(context.session.csrfToken)}
<div class="field">
<label for="${id}">${t({ ar: 'اسم جديد للجهاز', en: 'New name for the device' }, lang)} ${ltr(device.serial)}</label>
<span class="hint" id="${id}-hint">${t({ ar: 'حتى 60 حرفاً: حروف وأرقام ومسافات و- _ . \' ( ) ،', en: "Up to 60 characters: letters, digits, spaces and - _ . ' ( ) ،" }, lang)}</span>
${failed ? `<p class="field-error" id="${id}-error">${t(failed.message, lang)}</p>` : ''}
<input type="text" id="${id}" name="name" value="${escapeHtml(failed ? failed.typed : device.name)}" maxlength="200" autocomplete="off" aria-describedby="${id}-hint${failed ? ` ${id}-error` : ''}"${failed ? ' aria-invalid="true"' : ''}>
</div>
<button type="submit">${t({ ar: 'إعادة التسمية', en: 'Rename' }, lang)}</button>
</form>
<p><a href="/portal/devices/${escapeHtml(device.serial)}/lost">${t({ ar: 'الإبلاغ عن فقدان هذا الجهاز', en: 'Report this device lost' }, lang)}</a></p>`
      : `<p>${t({ ar: 'أُلغي هذا الجهاز: لا يمكنه تسجيل الدخول أو التوقيع، وشهاداته ملغاة.', en: 'This device is revoked: it cannot log in or sign, and its certificates are revoked.' }, lang)}</p>`;
  return `<section class="card" aria-labelledby="device-${escapeHtml(device.serial)}" data-serial="${escapeHtml(device.serial)}">
<h2 id="device-${escapeHtml(device.serial)}">${escapeHtml(device.name)}${device.serial === currentDevice ? ` <span class="badge neutral">${t({ ar: 'هذه الجلسة', en: 'this session' }, lang)}</span>` : ''}</h2>
${facts(lang, [
  [{ ar: 'الرقم التسلسلي', en: 'Serial number' }, ltr(device.serial)],
  [{ ar: 'النوع', en: 'Kind' }, t(platformName(device.platform), lang)],
  [{ ar: 'الحالة', en: 'Status' }, badge(status.kind, status.text, lang)],
  [{ ar: 'تاريخ التسجيل', en: 'Registered' }, dateOnly(device.createdAt, lang)],
])}
${actions}
</section>`;
}

function noticeOf(lang: Language, shown: DevicesNotice | undefined): string {
  if (!shown) return '';
  if (shown.kind === 'renamed') return notice(lang, { ar: `أصبح اسم الجهاز ${shown.device.serial}: ${shown.device.name}`, en: `Device ${shown.device.serial} is now named: ${shown.device.name}` });
  return notice(lang, {
    ar: `أُبلغ عن فقدان الجهاز ${shown.device.serial}: أُلغي وأُلغيت شهاداته، وانتهت جلساته.`,
    en: `Device ${shown.device.serial} was reported lost: it and its certificates are revoked, and its sessions have ended.`,
  });
}

export function devicesPage(
  context: PageContext & { session: NonNullable<PageContext['session']> },
  view: { devices: DeviceRecord[]; currentDevice?: string; problem?: RenameProblem; notice?: DevicesNotice },
): string {
  const { lang } = context;
  const errors = view.problem ? [{ field: fieldId(view.problem.serial), message: view.problem.message }] : [];
  return layout(context, {
    title: { ar: 'الأجهزة', en: 'Devices' },
    section: 'devices',
    body: `${errorSummary(lang, errors)}${noticeOf(lang, view.notice)}
<p>${t({ ar: 'أجهزتك المسجلة بهويتك الرقمية. كل جهاز يحمل مفتاحه وشهادته، ويُعرف برقمه التسلسلي.', en: 'The devices registered to your digital identity. Each holds its own key and certificate and is known by its serial number.' }, lang)}</p>
${view.devices.map((device) => deviceCard(context, device, view.currentDevice, view.problem)).join('\n')}
<section aria-labelledby="new-device">
<h2 id="new-device">${t({ ar: 'تسجيل جهاز جديد', en: 'Registering a new device' }, lang)}</h2>
<p>${t({ ar: 'ثبّت تطبيق ثقة على الجهاز الجديد وسجّل فيه كما سجّلت أول مرة: قراءة البطاقة الشخصية، والبريد الإلكتروني ورقم الهاتف، والموافقة على الشروط، ومطابقة الوجه، ورمز التحقق المرسل إلى هاتفك المسجل، ثم اختيار الرقم السري. يحصل الجهاز الجديد على مفتاح وشهادة خاصين به.', en: 'Install the THEQA app on the new device and register there as you did the first time: read your ID card, give your email and phone number, accept the terms, match your face, enter the code sent to your phone on record, then choose a PIN. The new device gets a key and a certificate of its own.' }, lang)}</p>
<p>${t({ ar: 'أو سجّل هذا المتصفح جهازاً من المحفظة الإلكترونية:', en: 'Or register this browser as a device in the web wallet:' }, lang)} <a href="/wallet">${t({ ar: 'المحفظة الإلكترونية', en: 'the web wallet' }, lang)}</a></p>
<p>${t({ ar: 'إذا فقدت جهازاً، فأبلغ عن فقدانه أعلاه قبل تسجيل جهاز جديد.', en: 'If you lost a device, report it lost above before registering a new one.' }, lang)}</p>
</section>`,
  });
}

/** The confirmation step before a device is revoked: what will happen, then yes or cancel. */
export function deviceLostPage(context: PageContext & { session: NonNullable<PageContext['session']> }, device: DeviceRecord, isCurrent: boolean): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'الإبلاغ عن فقدان جهاز', en: 'Report a device lost' },
    section: 'devices',
    body: `${facts(lang, [
      [{ ar: 'الجهاز', en: 'Device' }, escapeHtml(device.name)],
      [{ ar: 'الرقم التسلسلي', en: 'Serial number' }, ltr(device.serial)],
      [{ ar: 'تاريخ التسجيل', en: 'Registered' }, dateOnly(device.createdAt, lang)],
    ])}
<div class="notice warning">
<p>${t({ ar: 'عند تأكيد البلاغ يحدث ما يلي فوراً، ولا يمكن التراجع عنه:', en: 'When you confirm, the following happens at once and cannot be undone:' }, lang)}</p>
<ul>
<li>${t({ ar: 'تُلغى شهادات الجهاز (شهادة المصادقة، وشهادة التوقيع إن وُجدت) لسبب «اختراق المفتاح»، ويظهر الإلغاء في خدمة حالة الشهادات (OCSP) وقائمة الشهادات الملغاة.', en: "The device's certificates (authentication, and signing if it has one) are revoked for key compromise; the certificate status service (OCSP) and the revocation list show it." }, lang)}</li>
<li>${t({ ar: 'لا يستطيع الجهاز بعدها تسجيل الدخول أو التوقيع.', en: 'The device can no longer log in or sign.' }, lang)}</li>
<li>${t({ ar: 'تنتهي جلسات البوابة التي فُتحت بهذا الجهاز.', en: 'The portal sessions opened with this device end.' }, lang)}</li>
</ul>
${isCurrent ? `<p><strong>${t({ ar: 'هذا هو الجهاز الذي سجّلت به الدخول الآن، فستنتهي جلستك أيضاً.', en: 'This is the device you logged in with, so your session ends too.' }, lang)}</strong></p>` : ''}
</div>
<form method="post" action="/portal/devices/${escapeHtml(device.serial)}/lost" class="actions">
${csrfField(context.session.csrfToken)}
<button type="submit" class="danger">${t({ ar: 'نعم، أبلغ عن فقدانه', en: 'Yes, report it lost' }, lang)}</button>
<a href="/portal/devices">${t({ ar: 'إلغاء', en: 'Cancel' }, lang)}</a>
</form>`,
  });
}
