import { escapeHtml } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';
import { page, t } from './html';

const ERRORS: Record<string, Bilingual> = {
  invalid_request: { ar: 'الطلب المرسل من الخدمة غير صالح.', en: 'The request from the service is not valid.' },
  invalid_client: { ar: 'الخدمة غير مسجلة لدى ثقة.', en: 'The service is not registered with Theqa.' },
  invalid_redirect_uri: { ar: 'عنوان العودة غير مسجل لهذه الخدمة.', en: 'The return address is not registered for this service.' },
  access_denied: { ar: 'تم رفض تسجيل الدخول.', en: 'The login was refused.' },
};

/** oidc-provider's error page: a clear message, the OAuth code for the service's support desk, never a stack. */
export function errorPage(lang: Language, error: string | undefined, description: string | undefined): string {
  const message = ERRORS[error ?? ''] ?? { ar: 'تعذر إكمال تسجيل الدخول.', en: 'The login could not be completed.' };
  return page(lang, {
    title: { ar: 'تعذر تسجيل الدخول', en: 'Login not possible' },
    body: `<p class="error">${t(message, lang)}</p>
<p class="detail" dir="ltr"><code>${escapeHtml(error ?? 'server_error')}</code>${description ? ` — ${escapeHtml(description)}` : ''}</p>
<p>${lang === 'ar' ? 'عد إلى الخدمة وحاول مرة أخرى.' : 'Go back to the service and try again.'}</p>`,
  });
}

/** RP-initiated logout asks before it ends the gateway session (oidc-provider's form, our words). */
export function logoutPage(lang: Language, form: string): string {
  return page(lang, {
    title: { ar: 'تسجيل الخروج', en: 'Log out' },
    body: `${form}
<p>${lang === 'ar' ? 'هل تريد تسجيل الخروج من ثقة؟' : 'Do you want to log out of Theqa?'}</p>
<p class="actions"><button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>${lang === 'ar' ? 'نعم، تسجيل الخروج' : 'Yes, log out'}</button>
<button type="submit" form="op.logoutForm" class="secondary">${lang === 'ar' ? 'لا' : 'No'}</button></p>`,
  });
}

export function loggedOutPage(lang: Language): string {
  return page(lang, { title: { ar: 'تم تسجيل الخروج', en: 'Logged out' }, body: `<p>${lang === 'ar' ? 'تم تسجيل خروجك بنجاح.' : 'You have been logged out.'}</p>` });
}
