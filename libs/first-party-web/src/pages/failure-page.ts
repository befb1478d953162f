import type { Bilingual, Language } from '@theqa/kernel';
import { escapeHtml, t } from './html';

/**
 * The title and body of the page for a request that failed: the database out of reach (nothing
 * changed, try again), or another failure in the app's words, with the request's id to quote (it is in
 * the log line), and the app's link back. The app puts them in its layout.
 */
export function failurePageContent(lang: Language, outage: boolean, requestId: string | undefined, words: { failed: Bilingual; back: string }): { title: Bilingual; body: string } {
  return {
    title: outage ? { ar: 'الخدمة غير متاحة مؤقتاً', en: 'The service is unavailable for a moment' } : { ar: 'حدث خطأ', en: 'Something went wrong' },
    body: `<p>${t(outage ? { ar: 'تعذّر الوصول إلى قاعدة البيانات. لم يتغيّر شيء؛ حاول بعد قليل.', en: 'The database cannot be reached. Nothing changed; try again in a moment.' } : words.failed, lang)}</p>
${requestId ? `<p>${t({ ar: 'رقم الطلب:', en: 'Request number:' }, lang)} <code dir="ltr">${escapeHtml(requestId)}</code></p>` : ''}
${words.back}`,
  };
}
