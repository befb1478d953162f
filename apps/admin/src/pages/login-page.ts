import type { Bilingual } from '@theqa/kernel';
import { notice, t } from './html';
import { layout, type PageContext } from './layout';

/** Why the login page is shown again. */
export type LoginMessage = 'session-ended' | 'logged-out' | 'login-expired' | 'login-refused' | 'login-failed' | 'high-required' | 'not-administrator' | 'app-required';

const MESSAGES: Record<LoginMessage, { text: Bilingual; kind: 'success' | 'warning' }> = {
  'session-ended': { text: { ar: 'انتهت جلستك: مرّت ١٥ دقيقة دون نشاط، أو انتهت مدتها. سجّل الدخول من جديد.', en: 'Your session has ended: it was idle for 15 minutes, or reached its time limit. Log in again.' }, kind: 'warning' },
  'logged-out': { text: { ar: 'تم تسجيل خروجك.', en: 'You have logged out.' }, kind: 'success' },
  'login-expired': { text: { ar: 'انتهت مهلة تسجيل الدخول أو بدأ في نافذة أخرى. ابدأ من جديد.', en: 'The login timed out or was started in another window. Start again.' }, kind: 'warning' },
  'login-refused': { text: { ar: 'لم يكتمل تسجيل الدخول: رُفض في التطبيق أو أُلغي.', en: 'The login did not complete: it was refused in the app or cancelled.' }, kind: 'warning' },
  'login-failed': { text: { ar: 'تعذّر إكمال تسجيل الدخول. حاول من جديد بعد قليل.', en: 'The login could not be completed. Try again in a moment.' }, kind: 'warning' },
  'high-required': {
    text: {
      ar: 'لا يُسمح بالدخول إلى لوحة الإدارة إلا بهوية رقمية بمستوى ضمان مرتفع، وهويتك بمستوى متوسط. رقِّها أولاً من بوابة الخدمة الذاتية ثم عد.',
      en: 'The console admits only a digital identity at HIGH assurance, and yours is at MEDIUM. Upgrade it in the self-service portal first, then come back.',
    },
    kind: 'warning',
  },
  'app-required': {
    text: {
      ar: 'لا يُدخل إلى لوحة الإدارة بالبطاقة الشخصية: جلسات المسؤولين مرتبطة بجهاز. سجّل الدخول عبر تطبيق ثقة.',
      en: 'The console cannot be entered with the ID card: administrators\' sessions belong to a device. Log in with the THEQA app.',
    },
    kind: 'warning',
  },
  'not-administrator': {
    text: { ar: 'هويتك الرقمية ليست ضمن مسؤولي لوحة الإدارة. إن كنت تحتاج الدخول فاطلب دوراً من مسؤول النظام.', en: 'Your digital identity is not one of the console\'s administrators. If you need access, ask the system owner for a role.' },
    kind: 'warning',
  },
};

/** The console's front door: a login through the gateway with the THEQA app, at HIGH assurance only. */
export function loginPage(context: PageContext, message?: LoginMessage): string {
  const { lang } = context;
  const shown = message && MESSAGES[message];
  const refusal = message === 'high-required' || message === 'not-administrator' || message === 'app-required';
  return layout(context, {
    title: refusal ? { ar: 'تعذّر الدخول إلى لوحة الإدارة', en: 'You cannot enter the console' } : { ar: 'تسجيل الدخول إلى لوحة الإدارة', en: 'Log in to the console' },
    body: `${shown ? `<div data-testid="login-message" data-message="${message}">${notice(lang, shown.text, shown.kind)}</div>` : ''}
<p>${t({ ar: 'لوحة الإدارة لمسؤولي الوزارة: الجهات المعتمدة، وجهات التصديق، ودعم الهويات، وسجل التدقيق. يلزم الدخول بهوية رقمية بمستوى ضمان مرتفع.', en: "The ministry's administrators' console: relying parties, certificate authorities, identity support, the audit log. Logging in needs a digital identity at HIGH assurance." }, lang)}</p>
<form method="post" action="/admin/login" data-testid="login-app">
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${t({ ar: 'الدخول عبر تطبيق ثقة', en: 'Log in with the THEQA app' }, lang)}</button>
</form>
${message === 'high-required' ? `<p><a href="/portal">${t({ ar: 'بوابة الخدمة الذاتية', en: 'The self-service portal' }, lang)}</a></p>` : ''}`,
  });
}
