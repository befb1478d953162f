import type { Declaration } from '@theqa/consent';
import type { LoginDenial } from '@theqa/login';
import { escapeHtml } from '@theqa/http-shell';
import { CIVIL_NUMBER_LENGTH, type Bilingual, type Language } from '@theqa/kernel';
import { page, t } from './html';

export interface RelyingPartyView {
  name: Bilingual;
  claims: Array<{ label: Bilingual }>;
  purpose: Bilingual;
}

function requestSummary(lang: Language, rp: RelyingPartyView): string {
  return `<section class="request">
<p>${lang === 'ar' ? `تطلب <strong>${t(rp.name, lang)}</strong> تسجيل دخولك باستخدام الهوية الرقمية.` : `<strong>${t(rp.name, lang)}</strong> asks you to log in with your digital identity.`}</p>
${rp.claims.length ? `<details><summary>${lang === 'ar' ? 'البيانات المطلوبة' : 'Data requested'} (${rp.claims.length})</summary><ul>${rp.claims.map((c) => `<li>${t(c.label, lang)}</li>`).join('')}</ul></details>` : ''}
</section>`;
}

/**
 * The third choice: the ID card through the Web eID extension (card-login.js brings it to life). A URL
 * ending `#card` (the portal's "log in with the ID card") brings it first (the stylesheet's :target).
 */
function cardChoice(lang: Language, base: string): string {
  const say = (text: Bilingual) => t(text, lang);
  return `<section class="choice" id="card" data-card-login data-base="${base}" data-testid="card-login">
<h2>${say({ ar: 'البطاقة الشخصية', en: 'ID card' })}</h2>
<p>${say({ ar: 'ضع بطاقتك الشخصية في القارئ، ثم أدخل الرقم السري الأول (PIN1).', en: 'Put your ID card in the reader, then enter PIN1.' })}</p>
<p data-card-unavailable data-testid="card-unavailable">${say({
    ar: 'يتطلب تسجيل الدخول بالبطاقة الشخصية إضافة Web eID في المتصفح وقارئ بطاقات. بدونهما استخدم رمز الاستجابة السريعة أو رقمك المدني.',
    en: 'Logging in with the ID card needs the Web eID browser extension and a card reader. Without them, use the QR code or your civil number.',
  })}</p>
<button type="button" data-card-start hidden>${say({ ar: 'الدخول بالبطاقة الشخصية', en: 'Log in with the ID card' })}</button>
<p data-card-busy role="status" hidden>${say({ ar: 'اتبع تعليمات تطبيق البطاقة وأدخل الرقم السري الأول…', en: 'Follow the card app and enter PIN1…' })}</p>
<p class="error" role="alert" data-card-failure data-testid="card-failure" hidden data-cancelled="${say({ ar: 'أُلغي تسجيل الدخول بالبطاقة.', en: 'The ID-card login was cancelled.' })}" data-failed="${say({
    ar: 'رفض تطبيق البطاقة تسجيل الدخول.',
    en: 'The card app refused the login.',
  })}" data-server-failed="${say({
    ar: 'لم تقبل خدمة الدخول الطلب الآن (محاولات كثيرة، أو الصفحة قديمة). انتظر قليلاً ثم أعد تحميل الصفحة وحاول مجدداً.',
    en: 'The login service did not accept the request now (too many attempts, or the page is out of date). Wait a moment, reload the page and try again.',
  })}"></p>
</section>`;
}

/** Step 1: QR code, or the civil number for a push to the wallet, or (when offered) the ID card. */
export function choosePage(lang: Language, uid: string, rp: RelyingPartyView, problem?: Bilingual, options: { card?: boolean } = {}): string {
  const base = `/login/${escapeHtml(uid)}`;
  return page(lang, {
    scripts: options.card ? ['/login-assets/card-login.js'] : undefined,
    title: { ar: 'تسجيل الدخول عبر ثقة', en: 'Log in with Theqa' },
    switchHref: `${base}?lang=${lang === 'ar' ? 'en' : 'ar'}`,
    body: `${requestSummary(lang, rp)}
${problem ? `<p class="error" role="alert">${t(problem, lang)}</p>` : ''}
<div class="choices">
<form method="post" action="${base}/qr" class="choice">
<h2>${lang === 'ar' ? 'رمز الاستجابة السريعة' : 'QR code'}</h2>
<p>${lang === 'ar' ? 'امسح الرمز بتطبيق ثقة على هاتفك.' : 'Scan the code with the Theqa app on your phone.'}</p>
<button type="submit">${lang === 'ar' ? 'عرض الرمز' : 'Show the code'}</button>
</form>
<form method="post" action="${base}/push" class="choice">
<h2>${lang === 'ar' ? 'الرقم المدني' : 'Civil number'}</h2>
<label for="civil_number">${lang === 'ar' ? 'أدخل رقمك المدني لإرسال طلب إلى تطبيق ثقة' : 'Enter your civil number to send a request to the Theqa app'}</label>
<input id="civil_number" name="civil_number" inputmode="numeric" pattern="[0-9]{${CIVIL_NUMBER_LENGTH.min},${CIVIL_NUMBER_LENGTH.max}}" maxlength="${CIVIL_NUMBER_LENGTH.max}" autocomplete="off" required dir="ltr">
<button type="submit">${lang === 'ar' ? 'إرسال الطلب' : 'Send the request'}</button>
</form>
${options.card ? cardChoice(lang, base) : ''}
</div>
<form method="post" action="${base}/abort"><button type="submit" class="secondary">${lang === 'ar' ? 'إلغاء والعودة إلى الخدمة' : 'Cancel and return to the service'}</button></form>`,
  });
}

export interface WaitingView {
  channel: 'qr' | 'push';
  /** The QR code (not yet scanned): inline SVG and the text it carries. */
  qr?: { svg: string; text: string };
  qrExpiresAt?: Date;
  /** The verification code the person picks among the wallet's three. */
  code?: string;
  /** The wallet has read the QR code and is waiting for the person. */
  scanned?: boolean;
}

/** Step 2–3: the QR code, then the verification code; reloads itself until the wallet answers. */
export function waitingPage(lang: Language, uid: string, rp: RelyingPartyView, view: WaitingView): string {
  const base = `/login/${escapeHtml(uid)}`;
  const codeBlock = view.code
    ? `<section class="code" aria-live="polite"><p>${lang === 'ar' ? 'اختر هذا الرقم في تطبيق ثقة:' : 'Pick this number in the Theqa app:'}</p><p class="digits" data-testid="verification-code" dir="ltr">${escapeHtml(view.code)}</p>
<p>${lang === 'ar' ? 'ثم أدخل رقمك السري في التطبيق للموافقة.' : 'Then enter your PIN in the app to approve.'}</p></section>`
    : '';
  const qrBlock = view.qr
    ? `<section class="qr"><div class="qr-image" data-testid="qr" data-qr-payload="${escapeHtml(view.qr.text)}" data-expires="${escapeHtml(view.qrExpiresAt?.toISOString())}">${view.qr.svg}</div>
<p>${lang === 'ar' ? 'افتح تطبيق ثقة وامسح الرمز. يتجدد الرمز تلقائياً كل دقيقتين.' : 'Open the Theqa app and scan the code. It renews itself every two minutes.'}</p>
<p><a href="/wallet/?login=${encodeURIComponent(view.qr.text)}">${lang === 'ar' ? 'تطبيق ثقة على هذا الجهاز؟ افتحه من هنا' : 'Theqa wallet on this device? Open it here'}</a></p></section>`
    : view.scanned
      ? `<p class="scanned">${lang === 'ar' ? 'تمت قراءة الرمز في تطبيق ثقة.' : 'The Theqa app has read the code.'}</p>`
      : '';
  const pushNote =
    view.channel === 'push'
      ? `<p>${lang === 'ar' ? 'إذا كانت لديك هوية رقمية مفعلة بهذا الرقم، فقد أُرسل طلب إلى تطبيق ثقة على هاتفك.' : 'If this civil number has an active digital identity, a request has been sent to the Theqa app on your phone.'}</p>`
      : '';
  return page(lang, {
    title: { ar: 'بانتظار الموافقة من هاتفك', en: 'Waiting for approval on your phone' },
    refreshSeconds: 3,
    switchHref: `${base}/wait?lang=${lang === 'ar' ? 'en' : 'ar'}`,
    body: `${requestSummary(lang, rp)}
<div id="login-state">
${qrBlock}${pushNote}${codeBlock}
</div>
<form method="post" action="${base}/abort"><button type="submit" class="secondary">${lang === 'ar' ? 'إلغاء' : 'Cancel'}</button></form>`,
  });
}

/** Step 5: the declaration of use of personal data, with "I agree". */
export function consentPage(lang: Language, uid: string, declaration: Declaration): string {
  const base = `/login/${escapeHtml(uid)}`;
  return page(lang, {
    title: declaration.heading,
    switchHref: `${base}/consent?lang=${lang === 'ar' ? 'en' : 'ar'}`,
    body: `<p>${t(declaration.intro, lang)}</p>
<h2>${t(declaration.sharedWith, lang)}</h2>
<ul class="attributes" data-testid="consent-attributes">${declaration.attributes.map((a) => `<li data-claim="${escapeHtml(a.claim)}">${t(a.label, lang)}</li>`).join('')}</ul>
<h2>${t(declaration.purposeHeading, lang)}</h2>
<p data-testid="consent-purpose">${t(declaration.purpose, lang)}</p>
<form method="post" action="${base}/consent" class="actions">
<button type="submit" name="decision" value="agree">${t(declaration.agree, lang)}</button>
<button type="submit" name="decision" value="decline" class="secondary">${lang === 'ar' ? 'لا أوافق' : 'I do not agree'}</button>
</form>`,
  });
}

const DENIALS: Record<LoginDenial | 'expired', Bilingual> = {
  'denied-on-device': { ar: 'رُفض طلب تسجيل الدخول من تطبيق ثقة.', en: 'The login was refused in the Theqa app.' },
  'wrong-code': { ar: 'اختير رقم تحقق غير صحيح، فأُلغيت المحاولة.', en: 'A wrong verification number was picked, so the attempt was cancelled.' },
  'pin-wrong': { ar: 'أُدخل رقم سري غير صحيح.', en: 'A wrong PIN was entered.' },
  'pin-blocked': { ar: 'الرقم السري محظور؛ أعد تعيينه من تطبيق ثقة.', en: 'The PIN is blocked; reset it in the Theqa app.' },
  'identity-suspended': { ar: 'الهوية الرقمية موقوفة.', en: 'The digital identity is suspended.' },
  'consent-declined': { ar: 'لم توافق على مشاركة البيانات.', en: 'You did not agree to share the data.' },
  'assurance-too-low': {
    ar: 'تتطلب هذه الخدمة مستوى ضمان عالياً، وهويتك الرقمية بمستوى متوسط. يمكنك ترقيتها من بوابة الخدمة الذاتية.',
    en: 'This service requires high assurance, and your digital identity is at medium. You can upgrade it in the self-service portal.',
  },
  expired: { ar: 'انتهت مهلة الطلب.', en: 'The request has expired.' },
};

/** A refusal the person should read before going back (the relying party then gets the OAuth error). */
export function refusalPage(lang: Language, uid: string, reason: LoginDenial | 'expired'): string {
  const base = `/login/${escapeHtml(uid)}`;
  return page(lang, {
    title: { ar: 'تعذر تسجيل الدخول', en: 'Login not possible' },
    switchHref: `${base}/continue?lang=${lang === 'ar' ? 'en' : 'ar'}`,
    body: `<p class="error" role="alert" data-testid="refusal" data-reason="${escapeHtml(reason)}">${t(DENIALS[reason], lang)}</p>
<form method="post" action="${base}/abort"><button type="submit">${lang === 'ar' ? 'العودة إلى الخدمة' : 'Return to the service'}</button></form>`,
  });
}

/** A refused ID-card login: the validator's reason, another try, or back to the service (the OAuth error). */
export function cardRefusalPage(lang: Language, uid: string, code: string, reason: Bilingual): string {
  const base = `/login/${escapeHtml(uid)}`;
  return page(lang, {
    title: { ar: 'تعذر تسجيل الدخول بالبطاقة الشخصية', en: 'ID-card login not possible' },
    switchHref: `${base}/card/refused/${escapeHtml(code)}?lang=${lang === 'ar' ? 'en' : 'ar'}`,
    body: `<p class="error" role="alert" data-testid="refusal" data-reason="${escapeHtml(code)}">${t(reason, lang)}</p>
<p class="actions"><a href="${base}">${lang === 'ar' ? 'المحاولة مرة أخرى' : 'Try again'}</a></p>
<form method="post" action="${base}/abort"><button type="submit">${lang === 'ar' ? 'العودة إلى الخدمة' : 'Return to the service'}</button></form>`,
  });
}
