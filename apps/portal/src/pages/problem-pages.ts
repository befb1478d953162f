import { failurePageContent } from '@theqa/first-party-web';
import type { Bilingual } from '@theqa/kernel';
import { both, t } from './html';
import { layout, type PageContext } from './layout';

/**
 * A form refused before anything changed (no form token, a wrong one, another origin). Both languages
 * at once: whoever sent it reads why, whatever language the page was in.
 */
export function refusedPage(context: PageContext): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'رُفض الطلب', en: 'Request refused' },
    body: `<p data-testid="refused">${both({ ar: 'لم يُنفَّذ هذا الطلب ولم يتغيّر شيء: لم يأتِ من نموذج من نماذج هذه البوابة في جلستك.', en: 'This request was not carried out and nothing changed: it did not come from one of this portal\'s forms in your session.' })}</p>
<p>${both({ ar: 'عد إلى الصفحة وأعد المحاولة منها.', en: 'Go back to the page and try again from there.' })}</p>
<p><a href="/portal">${t({ ar: 'العودة إلى البوابة', en: 'Back to the portal' }, lang)}</a></p>`,
  });
}

export function notFoundPage(context: PageContext): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'الصفحة غير موجودة', en: 'Page not found' },
    body: `<p>${t({ ar: 'لا توجد صفحة بهذا العنوان في البوابة، أو لا تخصّك.', en: 'There is no page at this address in the portal, or it is not yours.' }, lang)}</p>
<p><a href="/portal">${t({ ar: 'العودة إلى البوابة', en: 'Back to the portal' }, lang)}</a></p>`,
  });
}

/** A request the portal cannot serve as sent: too large, malformed. */
export function badRequestPage(context: PageContext, message: Bilingual): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'تعذّر قبول الطلب', en: 'The request cannot be accepted' },
    body: `<p class="error">${t(message, lang)}</p><p><a href="/portal">${t({ ar: 'العودة إلى البوابة', en: 'Back to the portal' }, lang)}</a></p>`,
  });
}

export function failurePage(context: PageContext, outage: boolean, requestId?: string): string {
  return layout(context, failurePageContent(context.lang, outage, requestId, {
    failed: { ar: 'لم نتمكن من إكمال طلبك. حاول مرة أخرى؛ وإن تكرر ذلك فاذكر رقم الطلب لمركز الاتصال.', en: 'We could not complete your request. Try again; if it happens again, give the call centre the request number.' },
    back: `<p><a href="/portal">${t({ ar: 'العودة إلى البوابة', en: 'Back to the portal' }, context.lang)}</a></p>`,
  }));
}
