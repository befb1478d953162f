import type { Bilingual } from '@theqa/kernel';
import { escapeHtml, ltr, t } from './html';
import { layout, type PageContext } from './layout';

export const LOOKUP_TITLE: Bilingual = { ar: 'دعم الهويات', en: 'Identity support' };

/** Why a civil number typed in cannot be looked up. */
export const CIVIL_NUMBER_INVALID: Bilingual = {
  ar: 'الرقم المدني غير صالح: يتكوّن من 6 إلى 12 رقماً (0–9) دون مسافات أو رموز.',
  en: 'The civil number is not valid: it is 6 to 12 digits (0–9), without spaces or other characters.',
};

/**
 * The support officer's look-up: a civil number, and the person's page. A GET form (nothing changes),
 * so the form's token is not needed; what was typed comes back with the error, escaped.
 */
export function identityLookupPage(context: PageContext, options: { typed?: string; error?: Bilingual } = {}): string {
  const { lang } = context;
  const error = options.error;
  return layout(context, {
    title: LOOKUP_TITLE,
    body: `<p>${t({ ar: 'ابحث عن شخص برقمه المدني لترى هويته الرقمية: مستوى الضمان وحالتها، وأجهزته، وشهاداته، وحالة رقمه السري، وآخر الأحداث. كل بحث يُسجَّل في سجل التدقيق باسمك.', en: "Look a person up by civil number to see their digital identity: assurance and status, devices, certificates, PIN state and recent events. Every look-up is written to the audit log in your name." }, lang)}</p>
<form method="get" action="/admin/identities" data-testid="lookup" novalidate>
<label for="civil-number">${t({ ar: 'الرقم المدني', en: 'Civil number' }, lang)}</label>
<input type="text" id="civil-number" name="civil_number" inputmode="numeric" autocomplete="off" dir="ltr" maxlength="40" value="${escapeHtml(options.typed ?? '')}"${error ? ' aria-invalid="true" aria-describedby="civil-number-error"' : ''}>
${error ? `<p class="error" id="civil-number-error" role="alert" data-testid="lookup-error">${t(error, lang)}</p>` : ''}
<button type="submit">${t({ ar: 'بحث', en: 'Look up' }, lang)}</button>
</form>`,
  });
}

/** A valid civil number that no digital identity has (never registered, or not on this platform). */
export function noIdentityPage(context: PageContext, civilNumber: string): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'لا توجد هوية رقمية', en: 'No digital identity' },
    body: `<p data-testid="no-identity" data-civil-number="${escapeHtml(civilNumber)}">${t({ ar: 'لا توجد هوية رقمية مسجّلة بالرقم المدني', en: 'No digital identity is registered with the civil number' }, lang)} ${ltr(civilNumber)}.</p>
<p>${t({ ar: 'قد لا يكون الشخص قد سجّل في تطبيق ثقة بعد؛ يمكنه التسجيل من التطبيق ببطاقته الشخصية.', en: 'The person may not have registered in the Theqa app yet; they can register from the app with their ID card.' }, lang)}</p>
<p><a href="/admin/identities">${t({ ar: 'بحث عن شخص آخر', en: 'Look up someone else' }, lang)}</a></p>`,
  });
}

/** The platform runs without identity support wired (a console without the identity services). */
export function lookupUnavailablePage(context: PageContext): string {
  return layout(context, {
    title: LOOKUP_TITLE,
    body: `<p class="error" data-testid="lookup-unavailable">${t({ ar: 'البحث عن الأشخاص غير متاح في هذه المنصة الآن.', en: 'Looking people up is not available on this platform now.' }, context.lang)}</p>`,
  });
}
