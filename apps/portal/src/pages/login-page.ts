import type { Bilingual } from '@theqa/kernel';
import { notice, t } from './html';
import { layout, type PageContext } from './layout';

/** Why the login page is shown again: a message the person reads first. */
export type LoginMessage = 'session-ended' | 'logged-out' | 'device-lost' | 'login-expired' | 'login-refused' | 'login-failed';

const MESSAGES: Record<LoginMessage, { text: Bilingual; kind: 'success' | 'warning' }> = {
  'session-ended': {
    text: { ar: 'انتهت جلستك: مرّ وقت دون نشاط، أو انتهت مدتها، أو أُبلغ عن فقدان الجهاز الذي سجّلت به الدخول. سجّل الدخول من جديد.', en: 'Your session has ended: it was idle, it reached its time limit, or the device you logged in with was reported lost. Log in again.' },
    kind: 'warning',
  },
  'logged-out': { text: { ar: 'تم تسجيل خروجك.', en: 'You have logged out.' }, kind: 'success' },
  'device-lost': { text: { ar: 'أبلغت عن فقدان الجهاز الذي سجّلت به الدخول، فانتهت جلستك. سجّل الدخول بجهاز آخر.', en: 'You reported the device you logged in with as lost, so your session has ended. Log in with another device.' }, kind: 'warning' },
  'login-expired': { text: { ar: 'انتهت مهلة تسجيل الدخول أو بدأ في نافذة أخرى. ابدأ من جديد.', en: 'The login timed out or was started in another window. Start again.' }, kind: 'warning' },
  'login-refused': { text: { ar: 'لم يكتمل تسجيل الدخول: رُفض في التطبيق أو أُلغي. يمكنك المحاولة من جديد.', en: 'The login did not complete: it was refused in the app or cancelled. You can try again.' }, kind: 'warning' },
  'login-failed': { text: { ar: 'تعذّر إكمال تسجيل الدخول. حاول من جديد بعد قليل.', en: 'The login could not be completed. Try again in a moment.' }, kind: 'warning' },
};

/**
 * The portal's front door, as the guide has it: the digital identity through the THEQA app (QR code or
 * a push, at the gateway), or the ID card (Web eID, at the gateway, whose page then leads with it).
 */
export function loginPage(context: PageContext, message?: LoginMessage): string {
  const { lang } = context;
  const shown = message && MESSAGES[message];
  return layout(context, {
    title: { ar: 'تسجيل الدخول إلى بوابة الخدمة الذاتية', en: 'Log in to the self-service portal' },
    body: `${shown ? notice(lang, shown.text, shown.kind) : ''}
<p>${t({ ar: 'من هذه البوابة تدير هويتك الرقمية: أجهزتك وشهاداتها، والرقم السري، والموافقات على مشاركة بياناتك، وسجل النشاط.', en: 'Here you manage your digital identity: your devices and their certificates, your PIN, the consents to share your data, and your activity.' }, lang)}</p>
<div class="choices">
<form method="post" action="/portal/login" class="choice" data-testid="login-app">
<h2>${t({ ar: 'الهوية الرقمية عبر تطبيق ثقة', en: 'Digital identity with the THEQA app' }, lang)}</h2>
<p>${t({ ar: 'امسح رمز الاستجابة السريعة بتطبيق ثقة، أو أدخل رقمك المدني ليصلك إشعار. اختر في التطبيق رمز التحقق الظاهر على الشاشة، ثم أدخل رقمك السري.', en: 'Scan the QR code with the THEQA app, or enter your civil number to get a notification. In the app, pick the verification code the screen shows, then enter your PIN.' }, lang)}</p>
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${t({ ar: 'الدخول عبر تطبيق ثقة', en: 'Log in with the THEQA app' }, lang)}</button>
</form>
<form method="post" action="/portal/login" class="choice" data-testid="login-card">
<h2>${t({ ar: 'البطاقة الشخصية', en: 'ID card' }, lang)}</h2>
<p>${t({ ar: 'ضع بطاقتك الشخصية في قارئ البطاقات، ثم أدخل الرقم السري الأول (PIN1). يتطلب ذلك إضافة Web eID في المتصفح وبرنامج القارئ.', en: 'Put your ID card in the card reader, then enter PIN1. This needs the Web eID browser extension and the reader\'s software.' }, lang)}</p>
<input type="hidden" name="lang" value="${lang}">
<input type="hidden" name="with" value="card">
<button type="submit">${t({ ar: 'الدخول بالبطاقة الشخصية', en: 'Log in with the ID card' }, lang)}</button>
</form>
</div>
<p>${t({ ar: 'ليست لديك هوية رقمية بعد؟', en: 'No digital identity yet?' }, lang)} <a href="/wallet">${t({ ar: 'سجّل في المحفظة الإلكترونية', en: 'Register in the web wallet' }, lang)}</a></p>`,
  });
}
