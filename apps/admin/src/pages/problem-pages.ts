import { ACTION_NAMES, type AdministrativeAction } from '@theqa/administration';
import { failurePageContent } from '@theqa/first-party-web';
import type { Bilingual } from '@theqa/kernel';
import { both, escapeHtml, t } from './html';
import { layout, type PageContext } from './layout';

const BACK = (context: PageContext) => `<p><a href="/admin">${t({ ar: 'العودة إلى لوحة الإدارة', en: 'Back to the console' }, context.lang)}</a></p>`;

/**
 * A route the administrator's roles do not allow (403). Both languages at once, naming what was asked
 * for; nothing was done, and the refusal is in the audit log.
 */
export function forbiddenPage(context: PageContext, permission: AdministrativeAction): string {
  return layout(context, {
    title: { ar: 'غير مسموح', en: 'Not allowed' },
    body: `<p data-testid="forbidden" data-permission="${escapeHtml(permission)}">${both({
      ar: `أدوارك لا تسمح بهذا: «${ACTION_NAMES[permission].ar}». لم يُنفَّذ شيء، وسُجّلت المحاولة في سجل التدقيق.`,
      en: `Your roles do not allow this: “${ACTION_NAMES[permission].en}”. Nothing was done, and the attempt is in the audit log.`,
    })}</p>
<p>${both({ ar: 'إن كنت تحتاج هذا الدور فاطلبه من مسؤول النظام.', en: 'If you need this role, ask the system owner.' })}</p>
${BACK(context)}`,
  });
}

/** A form refused before anything changed (no form token, a wrong one, another origin). */
export function refusedPage(context: PageContext): string {
  return layout(context, {
    title: { ar: 'رُفض الطلب', en: 'Request refused' },
    body: `<p data-testid="refused">${both({ ar: 'لم يُنفَّذ هذا الطلب ولم يتغيّر شيء: لم يأتِ من نموذج من نماذج لوحة الإدارة في جلستك.', en: "This request was not carried out and nothing changed: it did not come from one of the console's forms in your session." })}</p>
${BACK(context)}`,
  });
}

export function notFoundPage(context: PageContext): string {
  return layout(context, {
    title: { ar: 'الصفحة غير موجودة', en: 'Page not found' },
    body: `<p data-testid="not-found">${t({ ar: 'لا توجد صفحة بهذا العنوان في لوحة الإدارة.', en: 'There is no page at this address in the console.' }, context.lang)}</p>${BACK(context)}`,
  });
}

export function badRequestPage(context: PageContext, message: Bilingual, status = 'bad-request'): string {
  return layout(context, {
    title: { ar: 'تعذّر قبول الطلب', en: 'The request cannot be accepted' },
    body: `<p class="error" data-testid="${escapeHtml(status)}">${t(message, context.lang)}</p>${BACK(context)}`,
  });
}

export function failurePage(context: PageContext, outage: boolean, requestId?: string): string {
  return layout(context, failurePageContent(context.lang, outage, requestId, {
    failed: { ar: 'لم نتمكن من إكمال طلبك. حاول مرة أخرى؛ وإن تكرر ذلك فاذكر رقم الطلب.', en: 'We could not complete your request. Try again; if it happens again, quote the request number.' },
    back: BACK(context),
  }));
}
