import type { UpgradeStep } from '@theqa/device-protocol';
import { IDENTITY_ERRORS, type DeviceRecord, type IdentityErrorCode, type IdentityRecord, type UpgradeStatus } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import type { UpgradeRefusal } from '../upgrade/upgrade-refusal';
import { badge, csrfField, dateTime, escapeHtml, facts, ltr, notice, t } from './html';
import { layout, type PageContext } from './layout';
import { UPGRADE_FOLLOW_SECONDS } from './upgrade-follow-script';
import { RENEWAL_TITLE, refusalSummary } from './upgrade-pages';
import { ASSURANCE } from './words';

type SessionContext = PageContext & { session: NonNullable<PageContext['session']> };

/** What the upgrade's page shows: where it stands, and while the device has not scanned it, the QR code. */
export interface UpgradeJourneyView {
  status: UpgradeStatus;
  /** The device carrying the upgrade, for its name (a removed one may be gone from the list). */
  device?: DeviceRecord;
  /** The identity as it is now: its level on the completed page. */
  identity: IdentityRecord;
  qr?: { svg: string; text: string; expiresAt: Date };
  /** An open upgrade of the person was picked up again rather than a new one begun. */
  resumed: boolean;
  /** A lapsed code could not be renewed (the device removed meanwhile, the identity suspended…). */
  renewalRefused?: UpgradeRefusal;
}

/** The steps on the device, named as the person meets them. */
const STEPS: Array<[Exclude<UpgradeStep, 'done'>, Bilingual]> = [
  ['scan', { ar: 'مسح رمز الاستجابة السريعة', en: 'Scan the QR code' }],
  ['face', { ar: 'مطابقة الوجه', en: 'Face match' }],
  ['otp', { ar: 'رمز التحقق المرسل إلى هاتفك المسجل', en: 'The code sent to your phone on record' }],
  ['terms', { ar: 'الموافقة على الشروط والأحكام', en: 'Accept the terms and conditions' }],
  ['signing-key', { ar: 'مفتاح التوقيع وشهادة التوقيع المعتمدة', en: 'The signing key and its qualified certificate' }],
];

const ABANDONED: Bilingual = { ar: 'تخلّيت عن هذه الترقية في البوابة.', en: 'You abandoned this upgrade in the portal.' };

/** Why an upgrade ended, from its failure (an IdentityError code, or `abandoned`). */
function whyItEnded(failure: string | undefined): Bilingual {
  if (failure === 'abandoned') return ABANDONED;
  const known = failure && Object.hasOwn(IDENTITY_ERRORS, failure) ? IDENTITY_ERRORS[failure as IdentityErrorCode] : undefined;
  return known ? { ar: known.ar, en: known.en } : { ar: 'توقفت الترقية قبل أن تكتمل.', en: 'The upgrade stopped before it was completed.' };
}

const deviceLabel = (view: UpgradeJourneyView): string => (view.device ? `${escapeHtml(view.device.name)} — ${ltr(view.status.device)}` : ltr(view.status.device));

function stepList(lang: Language, current: UpgradeStep): string {
  const at = STEPS.findIndex(([step]) => step === current);
  return `<ol class="steps" aria-label="${t({ ar: 'خطوات الترقية', en: 'The upgrade\'s steps' }, lang)}">${STEPS.map(([step, name], i) => {
    const state = i < at ? { ar: 'تمت', en: 'done' } : i === at ? { ar: 'الآن', en: 'now' } : undefined;
    return `<li data-step="${step}"${i === at ? ' aria-current="step"' : ''}>${t(name, lang)}${state ? ` — ${t(state, lang)}` : ''}</li>`;
  }).join('')}</ol>`;
}

function qrBlock(lang: Language, view: UpgradeJourneyView, qr: NonNullable<UpgradeJourneyView['qr']>): string {
  return `<section class="qr" aria-labelledby="qr-heading">
<h2 id="qr-heading">${t({ ar: 'امسح الرمز بتطبيق ثقة على الجهاز', en: 'Scan the code with the THEQA app on device' }, lang)} ${ltr(view.status.device)}</h2>
<div class="qr-image" role="img" aria-label="${t({ ar: 'رمز الاستجابة السريعة للترقية', en: 'The upgrade\'s QR code' }, lang)}" data-testid="qr" data-qr-payload="${escapeHtml(qr.text)}" data-expires="${qr.expiresAt.toISOString()}">${qr.svg}</div>
<p>${t({ ar: 'الرمز صالح حتى', en: 'The code is valid until' }, lang)} ${dateTime(qr.expiresAt, lang)}${t({ ar: '، ثم يظهر هنا رمز جديد.', en: '; then a new one appears here.' }, lang)}</p>
</section>
<div class="field">
<label for="upgrade-code">${t({ ar: 'نص الرمز، للصقه في المحفظة الإلكترونية', en: 'The code as text, to paste into the web wallet' }, lang)}</label>
<input type="text" id="upgrade-code" value="${escapeHtml(qr.text)}" readonly dir="ltr" autocomplete="off">
</div>
<p><a href="/wallet/?upgrade=${encodeURIComponent(qr.text)}" data-testid="open-web-wallet">${t({ ar: 'المحفظة الإلكترونية على هذا الجهاز؟ افتحها من هنا', en: 'The web wallet on this device? Open it here' }, lang)}</a></p>`;
}

function openPage(context: SessionContext, view: UpgradeJourneyView): string {
  const { lang } = context;
  const { status } = view;
  const here = `/portal/upgrade/${status.journeyId}`;
  const taken = view.qr
    ? qrBlock(lang, view, view.qr)
    : status.step === 'scan'
      ? `<p>${t({ ar: 'لا يوجد رمز صالح الآن. تحقق بعد لحظات.', en: 'There is no valid code at the moment. Check again in a moment.' }, lang)}</p>`
      : `<p data-testid="taken-up">${t({ ar: 'استلم تطبيق ثقة على الجهاز المختار الترقية: تابع عليه.', en: 'The THEQA app on the device picked has taken up the upgrade: continue there.' }, lang)}</p>`;
  return layout(context, {
    title: status.renewal ? RENEWAL_TITLE : { ar: 'الترقية إلى المستوى المرتفع', en: 'Upgrading to high' },
    section: 'upgrade',
    script: '/portal/assets/upgrade-follow.js',
    body: `${view.resumed ? notice(lang, { ar: 'كانت لديك ترقية جارية، فتتابع من حيث توقفت.', en: 'You had an upgrade under way: it carries on where it stood.' }) : ''}${refusalSummary(lang, view.renewalRefused)}
<p id="upgrade-next" role="status" data-testid="upgrade-next">${t(status.next, lang)}</p>
<div id="upgrade-detail" data-testid="upgrade-state" data-status="open" data-step="${status.step}" data-follow="${here}" data-every="${UPGRADE_FOLLOW_SECONDS}">
${stepList(lang, status.step)}
${taken}
</div>
<p>${t({ ar: 'تتابع هذه الصفحة الترقية تلقائياً.', en: 'This page follows the upgrade by itself.' }, lang)} <a href="${here}">${t({ ar: 'تحقق الآن', en: 'Check now' }, lang)}</a></p>
${facts(lang, [
  [{ ar: 'الجهاز', en: 'Device' }, deviceLabel(view)],
  [{ ar: 'تنتهي الترقية إن لم تكتمل في', en: 'The upgrade ends, if not completed, at' }, dateTime(status.expiresAt, lang)],
])}
<form method="post" action="${here}/abandon" class="actions">
${csrfField(context.session.csrfToken)}
<button type="submit" class="secondary">${t({ ar: 'التخلي عن الترقية', en: 'Abandon the upgrade' }, lang)}</button>
</form>`,
  });
}

function completedPage(context: SessionContext, view: UpgradeJourneyView): string {
  const { lang } = context;
  const { identity } = view;
  return layout(context, {
    title: view.status.renewal ? { ar: 'جُدّد مفتاح التوقيع', en: 'The signing key is renewed' } : { ar: 'اكتملت الترقية', en: 'The upgrade is complete' },
    section: 'upgrade',
    body: `<div class="notice success" data-testid="upgrade-done"><p>${t(view.status.next, lang)}</p></div>
${facts(lang, [
  [{ ar: 'مستوى التحقق', en: 'Assurance level' }, `<span data-testid="assurance" data-level="${identity.assurance}">${badge(identity.assurance === 'high' ? 'good' : 'neutral', ASSURANCE[identity.assurance], lang)}</span>`],
  [{ ar: 'الجهاز الذي يحمل مفتاح التوقيع', en: 'Device holding the signing key' }, deviceLabel(view)],
])}
<h2>${t({ ar: 'ما أصبح متاحاً لك', en: 'What you can do now' }, lang)}</h2>
<ul>
<li>${t({ ar: '«طلبات التوقيع» في تطبيق ثقة: راجع المستندات التي تطلب الجهات توقيعها ووقّعها من هاتفك.', en: '"Signing requests" in the THEQA app: review the documents services ask you to sign, and sign them on your phone.' }, lang)}</li>
<li>${t({ ar: 'التوقيع الإلكتروني المعتمد بشهادة التوقيع المعتمدة التي أصدرتها جهة التصديق للتوقيع.', en: 'A qualified electronic signature, with the qualified signing certificate the Citizen Signing CA issued.' }, lang)}</li>
<li>${t({ ar: 'الدخول إلى الخدمات التي تطلب المستوى المرتفع.', en: 'Logging in to services that require the high level.' }, lang)}</li>
</ul>
<p><a href="/portal">${t({ ar: 'شهادة التوقيع المعتمدة في صفحة إدارة الهوية الرقمية', en: 'Your qualified signing certificate on the manage digital identity page' }, lang)}</a></p>`,
  });
}

function failedPage(context: SessionContext, view: UpgradeJourneyView): string {
  const { lang } = context;
  const { status } = view;
  return layout(context, {
    title: status.renewal ? { ar: 'لم يكتمل تجديد مفتاح التوقيع', en: 'The signing key was not renewed' } : { ar: 'لم تكتمل الترقية', en: 'The upgrade was not completed' },
    section: 'upgrade',
    body: `<div class="notice warning" data-testid="upgrade-failed" data-failure="${escapeHtml(status.failure ?? '')}">
<p>${t(whyItEnded(status.failure), lang)}</p>
<p>${t(status.next, lang)}</p>
</div>
${facts(lang, [
  [{ ar: 'الجهاز', en: 'Device' }, deviceLabel(view)],
  [{ ar: 'مستوى التحقق', en: 'Assurance level' }, `<span data-testid="assurance" data-level="${view.identity.assurance}">${t(ASSURANCE[view.identity.assurance], lang)}</span>`],
])}
<p><a href="/portal/upgrade?device=${encodeURIComponent(status.device)}" data-testid="start-again">${t({ ar: 'ابدأ الترقية من جديد', en: 'Start the upgrade again' }, lang)}</a></p>`,
  });
}

/** The upgrade's own page: the QR code and the step while open, then its completion or its end. */
export function upgradeJourneyPage(context: SessionContext, view: UpgradeJourneyView): string {
  if (view.status.status === 'completed') return completedPage(context, view);
  if (view.status.status === 'failed') return failedPage(context, view);
  return openPage(context, view);
}
