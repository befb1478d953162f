import type { DeviceRecord, IdentityRecord } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import type { PendingSignature, PortalCertificate } from '../portal-app-dependencies';
import { badge, dateOnly, dateTime, escapeHtml, facts, ltr, t, table } from './html';
import { layout, type PageContext } from './layout';
import { ASSURANCE, certificatePurpose, certificateState, DEVICE_STATUS, platformName } from './words';

export interface DashboardView {
  identity: IdentityRecord;
  names: { ar?: string; en?: string };
  devices: DeviceRecord[];
  certificates: PortalCertificate[];
  pending: PendingSignature[];
  /** The device this session's login was approved with; none when it was the ID card. */
  currentDevice?: string;
  now: Date;
}

/** The guide's steps of the upgrade, in order (THEQA guide, "خطوات الترقية إلى المستوى المرتفع"). */
const UPGRADE_STEPS: Bilingual[] = [
  { ar: 'إدارة الهوية الرقمية ← ترقية الهوية الرقمية', en: 'Manage digital identity → Upgrade' },
  { ar: 'اختر جهازك حسب رقمه التسلسلي، ثم «متابعة» و«تأكيد»', en: 'Pick your device by its serial number, then Continue and Confirm' },
  { ar: 'امسح رمز الاستجابة السريعة بتطبيق ثقة', en: 'Scan the QR code with the THEQA app' },
  { ar: 'مطابقة الوجه، ثم رمز التحقق المرسل إلى هاتفك المسجل', en: 'Face match, then the code sent to your phone on record' },
  { ar: 'الموافقة على الشروط والأحكام: يُصدر لجهازك مفتاح توقيع وشهادة توقيع معتمدة', en: 'Accept the terms and conditions: your device gets a signing key and a qualified signing certificate' },
];

function assuranceSection(lang: Language, identity: IdentityRecord, upgradeServed: boolean): string {
  if (identity.assurance === 'high') {
    return `<p>${t({ ar: 'هويتك بالمستوى المرتفع: تسجّل الدخول إلى الخدمات وتوقّع المستندات إلكترونياً توقيعاً معتمداً، وتظهر طلبات التوقيع في تطبيق ثقة.', en: 'Your identity is at the high level: you log in to services and sign documents with a qualified electronic signature; signing requests appear in the THEQA app.' }, lang)}</p>`;
  }
  return `<p>${t({ ar: 'هويتك بالمستوى المتوسط: تسجّل بها الدخول إلى الخدمات الحكومية. للتوقيع الإلكتروني المعتمد تحتاج إلى المستوى المرتفع.', en: 'Your identity is at the medium level: you log in to government services with it. A qualified electronic signature needs the high level.' }, lang)}</p>
<h3>${t({ ar: 'الترقية إلى المستوى المرتفع', en: 'Upgrading to high' }, lang)}</h3>
<ol class="steps">${UPGRADE_STEPS.map((step) => `<li>${t(step, lang)}</li>`).join('')}</ol>
${
  upgradeServed
    ? `<p><a href="/portal/upgrade">${t({ ar: 'ابدأ الترقية', en: 'Start the upgrade' }, lang)}</a></p>`
    : `<p>${t({ ar: 'صفحة الترقية في هذه البوابة لم تُتح بعد.', en: 'The upgrade page of this portal is not available yet.' }, lang)}</p>`
}`;
}

function blockedNotice(lang: Language, identity: IdentityRecord): string {
  const notices: string[] = [];
  if (identity.pinBlockedAt) {
    notices.push(`<div class="notice warning" data-testid="pin-blocked"><h2>${t({ ar: 'الرقم السري محظور', en: 'Your PIN is blocked' }, lang)}</h2>
<p>${t({ ar: 'أُدخل رقم سري خاطئ ثلاث مرات، فحُظر تسجيل الدخول والتوقيع بهويتك منذ', en: 'A wrong PIN was entered three times, so logging in and signing with your identity have been blocked since' }, lang)} ${dateTime(identity.pinBlockedAt, lang)}.</p>
<p>${t({ ar: 'للخروج من الحظر أعد تعيين الرقم السري في تطبيق ثقة بعد مطابقة الوجه ورمز التحقق:', en: 'To lift the block, reset your PIN in the THEQA app after a face match and an SMS code:' }, lang)} <a href="/portal/pin">${t({ ar: 'كيف أعيد تعيين الرقم السري', en: 'How to reset your PIN' }, lang)}</a></p></div>`);
  }
  if (identity.status === 'suspended') {
    notices.push(`<div class="notice warning"><h2>${t({ ar: 'الهوية موقوفة', en: 'Your identity is suspended' }, lang)}</h2>
<p>${t({ ar: 'أوقف المسؤولون هويتك مؤقتاً؛ لا يمكن تسجيل الدخول بها أو التوقيع حتى يُرفع الإيقاف. تواصل مع مركز الاتصال.', en: 'Administrators have suspended your identity: it cannot log in or sign until the suspension is lifted. Contact the call centre.' }, lang)}</p></div>`);
  }
  return notices.join('\n');
}

/** How this session logged in: the wallet's device, or the ID card (no device: "this session" marks none). */
function loggedInWith(lang: Language, currentDevice: string | undefined): string {
  return currentDevice
    ? `<span data-testid="logged-in-with" data-method="device">${t({ ar: 'تطبيق ثقة على الجهاز', en: 'The THEQA app on device' }, lang)} ${ltr(currentDevice)}</span>`
    : `<span data-testid="logged-in-with" data-method="card">${t({ ar: 'البطاقة الشخصية', en: 'The ID card' }, lang)}</span>`;
}

/** The person's names as the ID token released them: two rows of the facts list. */
function nameFacts(names: { ar?: string; en?: string }): Array<[Bilingual, string | undefined]> {
  return [
    [{ ar: 'الاسم', en: 'Name (Arabic)' }, names.ar && `<span lang="ar" dir="rtl">${escapeHtml(names.ar)}</span>`],
    [{ ar: 'الاسم باللاتينية', en: 'Name' }, names.en && `<span lang="en" dir="ltr">${escapeHtml(names.en)}</span>`],
  ];
}

/** The person's certificates as the CA records them; the device column where the person has devices. */
function certificatesSection(lang: Language, certificates: DashboardView['certificates'], now: Date, withDevice: boolean): string {
  const rows = certificates.map((c) => {
    const state = certificateState(c, now);
    return [t(certificatePurpose(c.profile), lang), ltr(c.serialHex), ...(withDevice ? [c.device ? ltr(c.device) : '—'] : []), badge(state.kind, state.text, lang), dateOnly(c.notAfter, lang)];
  });
  return `<section aria-labelledby="certificates-heading">
<h2 id="certificates-heading">${t({ ar: 'الشهادات', en: 'Certificates' }, lang)}</h2>
${table(lang, {
  caption: { ar: 'شهاداتك كما تسجلها جهة التصديق', en: 'Your certificates as the certificate authority records them' },
  columns: [
    { ar: 'الغرض', en: 'Purpose' },
    { ar: 'الرقم التسلسلي', en: 'Serial number' },
    ...(withDevice ? [{ ar: 'الجهاز', en: 'Device' }] : []),
    { ar: 'الحالة', en: 'Status' },
    { ar: 'تنتهي في', en: 'Expires' },
  ],
  rows,
  empty: { ar: 'لا توجد شهادات.', en: 'No certificate.' },
  testId: 'certificates',
})}
</section>`;
}

export function dashboardPage(context: PageContext, view: DashboardView): string {
  const { lang } = context;
  const { identity } = view;
  const deviceRows = view.devices.map((d) => [
    `${escapeHtml(d.name)}${d.serial === view.currentDevice ? ` <span class="badge neutral">${t({ ar: 'هذه الجلسة', en: 'this session' }, lang)}</span>` : ''}`,
    ltr(d.serial),
    t(platformName(d.platform), lang),
    badge(DEVICE_STATUS[d.status].kind, DEVICE_STATUS[d.status].text, lang),
    dateOnly(d.createdAt, lang),
  ]);
  const pendingRows = view.pending.map((p) => [t(p.document, lang), t(p.relyingParty, lang), dateTime(p.createdAt, lang), dateTime(p.expiresAt, lang), ltr(p.code)]);
  return layout(context, {
    title: { ar: 'إدارة الهوية الرقمية', en: 'Manage digital identity' },
    section: 'dashboard',
    body: `${blockedNotice(lang, identity)}
<section aria-labelledby="identity-heading">
<h2 id="identity-heading">${t({ ar: 'هويتك الرقمية', en: 'Your digital identity' }, lang)}</h2>
${facts(lang, [
  ...nameFacts(view.names),
  [{ ar: 'الرقم المدني', en: 'Civil number' }, `<span data-testid="civil-number">${ltr(identity.civilNumber)}</span>`],
  [{ ar: 'مستوى التحقق', en: 'Assurance level' }, `<span data-testid="assurance" data-level="${identity.assurance}">${badge(identity.assurance === 'high' ? 'good' : 'neutral', ASSURANCE[identity.assurance], lang)}</span>`],
  [{ ar: 'سجّلت الدخول بـ', en: 'Logged in with' }, loggedInWith(lang, view.currentDevice)],
])}
${assuranceSection(lang, identity, context.features.upgrade)}
</section>
<section aria-labelledby="devices-heading">
<h2 id="devices-heading">${t({ ar: 'الأجهزة', en: 'Devices' }, lang)}</h2>
${table(lang, {
  caption: { ar: 'أجهزتك المسجلة وأرقامها التسلسلية', en: 'Your registered devices and their serial numbers' },
  columns: [
    { ar: 'الاسم', en: 'Name' },
    { ar: 'الرقم التسلسلي', en: 'Serial number' },
    { ar: 'النوع', en: 'Kind' },
    { ar: 'الحالة', en: 'Status' },
    { ar: 'تاريخ التسجيل', en: 'Registered' },
  ],
  rows: deviceRows,
  empty: { ar: 'لا توجد أجهزة مسجلة.', en: 'No device is registered.' },
  testId: 'devices',
})}
<p><a href="/portal/devices">${t({ ar: 'إعادة تسمية جهاز أو الإبلاغ عن فقدانه أو تسجيل جهاز جديد', en: 'Rename a device, report one lost, or register a new one' }, lang)}</a></p>
</section>
${certificatesSection(lang, view.certificates, view.now, true)}
<section aria-labelledby="signing-heading">
<h2 id="signing-heading">${t({ ar: 'طلبات التوقيع المعلقة', en: 'Pending signing requests' }, lang)}</h2>
${table(lang, {
  caption: { ar: 'مستندات تنتظر توقيعك', en: 'Documents waiting for your signature' },
  columns: [
    { ar: 'المستند', en: 'Document' },
    { ar: 'الجهة الطالبة', en: 'Requested by' },
    { ar: 'تاريخ الطلب', en: 'Requested' },
    { ar: 'ينتهي في', en: 'Expires' },
    { ar: 'رمز المستند', en: 'Document code' },
  ],
  rows: pendingRows,
  empty: { ar: 'لا توجد طلبات توقيع بانتظارك.', en: 'No signing request is waiting for you.' },
  testId: 'pending-signatures',
})}
${view.pending.length ? `<p>${t({ ar: 'وقّع الطلب أو ارفضه من تطبيق ثقة: «طلبات التوقيع»، بعد التأكد من أن رمز المستند هو الرمز الظاهر في صفحة الجهة الطالبة.', en: 'Sign or decline it in the THEQA app, under "signing requests", after checking that the document code is the one the requesting service shows.' }, lang)}</p>` : ''}
</section>`,
  });
}

export interface CardHolderView {
  civilNumber: string;
  names: { ar?: string; en?: string };
  certificates: PortalCertificate[];
  now: Date;
}

/**
 * The dashboard of a card holder without a THEQA digital identity, logged in with the ID card: who
 * they are (from the civil registry, through the gateway), their certificates (the card's), signing
 * with the card, and the way to a digital identity. No device, so nothing of devices or the PIN.
 */
export function cardHolderDashboardPage(context: PageContext, view: CardHolderView): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'بوابة الخدمة الذاتية', en: 'Self-service portal' },
    section: 'dashboard',
    body: `<section aria-labelledby="identity-heading">
<h2 id="identity-heading">${t({ ar: 'بياناتك', en: 'You' }, lang)}</h2>
${facts(lang, [
  ...nameFacts(view.names),
  [{ ar: 'الرقم المدني', en: 'Civil number' }, `<span data-testid="civil-number">${ltr(view.civilNumber)}</span>`],
  [{ ar: 'سجّلت الدخول بـ', en: 'Logged in with' }, loggedInWith(lang, undefined)],
])}
<div class="notice" data-testid="no-digital-identity"><p>${t({
      ar: 'ليست لديك هوية رقمية في تطبيق ثقة. بالبطاقة الشخصية تسجّل الدخول وتوقّع مستندات PDF هنا؛ وبالهوية الرقمية تدير أجهزتك وتوقّع من هاتفك.',
      en: 'You have no THEQA digital identity. With the ID card you log in and sign PDFs here; with a digital identity you also manage devices and sign from your phone.',
    }, lang)}</p>
<p><a href="/wallet">${t({ ar: 'سجّل في المحفظة الإلكترونية', en: 'Register in the web wallet' }, lang)}</a></p></div>
</section>
${certificatesSection(lang, view.certificates, view.now, false)}${
    context.features.signPdf
      ? `\n<p><a href="/portal/sign/card" data-testid="sign-with-card">${t({ ar: 'توقيع مستند PDF بالبطاقة الشخصية', en: 'Sign a PDF with the ID card' }, lang)}</a></p>`
      : ''
  }`,
  });
}
