import { createHash } from 'node:crypto';
import { reasonName, type CertificateRecord } from '@theqa/ca';
import type { Bilingual } from '@theqa/kernel';
import { REASON_NAMES, REVOKE_REASONS } from '../ca/revocation-reasons';
import { inputError, statusBadge } from './ca-labels';
import { csrfField, dateTime, escapeHtml, ltr, notice, t } from './html';
import { layout, type PageContext } from './layout';

/** What the page says after a status change, by the `?done=` it was sent back with. */
export const CERTIFICATE_DONE: Record<string, Bilingual> = {
  revoked: { ar: 'أُلغيت الشهادة. يجيب مستجيب OCSP الآن بأنها ملغاة، وأُعيد نشر قائمة الإلغاء.', en: 'The certificate is revoked. The OCSP responder now answers revoked, and the CRL was republished.' },
  held: { ar: 'أُوقفت الشهادة مؤقتاً. يمكن رفع الإيقاف لاحقاً.', en: 'The certificate is on hold. The hold can be released later.' },
  released: { ar: 'رُفع الإيقاف: الشهادة سارية من جديد.', en: 'The hold is released: the certificate is good again.' },
  proposed: { ar: 'قُدّم الطلب: لا يسري إلا بعد موافقة مسؤول ثانٍ في صفحة طلبات الموافقة.', en: 'Proposed: it takes effect only once a second administrator approves it on the approvals page.' },
};

export interface CertificateView {
  record: CertificateRecord;
  /** The holder is one of the console's administrators. */
  holderIsAdministrator: boolean;
  /** Revoking it needs a second administrator's approval. */
  revocationNeedsFourEyes: boolean;
  may: { revoke: boolean; hold: boolean; release: boolean };
  message?: { text: Bilingual; kind: 'success' | 'warning' };
  error?: Bilingual;
  /** The revocation form as it was sent (re-shown with an error). */
  entered?: { reason?: string; invalidityDate?: string; comment?: string };
}

/** One certificate: what the ledger knows, its PEM, and the status changes this administrator may ask for. */
export function certificatePage(context: PageContext & { session: NonNullable<PageContext['session']> }, view: CertificateView): string {
  const { lang, session } = context;
  const { record } = view;
  const serial = escapeHtml(record.serialHex);
  const reason = reasonName(record.revocationReason);
  const fact = (label: Bilingual, value: string) => `<dt>${t(label, lang)}</dt><dd>${value}</dd>`;
  const facts = `<dl class="facts" data-testid="certificate" data-serial="${serial}" data-status="${record.status}">
${fact({ ar: 'الرقم التسلسلي', en: 'Serial number' }, `<code dir="ltr">${serial}</code>`)}
${fact({ ar: 'صاحبها', en: 'Subject' }, escapeHtml(record.subject))}
${fact({ ar: 'الرقم المدني', en: 'Civil number' }, record.civilNumber ? `${ltr(record.civilNumber)}${view.holderIsAdministrator ? ` <span class="badge warn" data-testid="holder-administrator">${t({ ar: 'مسؤول في لوحة الإدارة', en: 'A console administrator' }, lang)}</span>` : ''}` : '—')}
${fact({ ar: 'الملف', en: 'Profile' }, ltr(record.profile))}
${fact({ ar: 'جهة التصديق', en: 'CA' }, ltr(record.issuer))}
${fact({ ar: 'الحالة', en: 'Status' }, statusBadge(record.status, reason, lang))}
${record.revokedAt ? fact({ ar: 'منذ', en: 'Since' }, dateTime(record.revokedAt, lang)) : ''}
${record.invalidityDate ? fact({ ar: 'تاريخ عدم الصلاحية', en: 'Invalidity date' }, dateTime(record.invalidityDate, lang)) : ''}
${fact({ ar: 'صالحة من', en: 'Valid from' }, dateTime(record.notBefore, lang))}
${fact({ ar: 'صالحة حتى', en: 'Valid until' }, dateTime(record.notAfter, lang))}
${record.issuedAt ? fact({ ar: 'أُصدرت في', en: 'Issued at' }, dateTime(record.issuedAt, lang)) : ''}
${fact({ ar: 'خوارزمية المفتاح', en: 'Key algorithm' }, ltr(record.keyAlgorithm))}
${fact({ ar: 'بصمة المفتاح العام (SHA-256)', en: 'Public key fingerprint (SHA-256)' }, `<code dir="ltr">${record.spkiSha256.toString('hex')}</code>`)}
${record.der ? fact({ ar: 'بصمة الشهادة (SHA-256)', en: 'Certificate fingerprint (SHA-256)' }, `<code dir="ltr">${createHash('sha256').update(record.der).digest('hex')}</code>`) : ''}
</dl>
${record.der ? `<p><a href="/admin/ca/certificates/${serial}/pem" download="${serial}.pem" data-testid="download-pem">${t({ ar: 'تنزيل الشهادة (PEM)', en: 'Download the certificate (PEM)' }, lang)}</a></p>` : ''}`;

  const actions: string[] = [];
  const canRevoke = view.may.revoke && (record.status === 'good' || record.status === 'on-hold');
  if (canRevoke) {
    const entered = view.entered ?? {};
    const chosen = entered.reason ?? 'unspecified';
    actions.push(`<section aria-labelledby="revoke-heading">
<h2 id="revoke-heading">${t({ ar: 'إلغاء الشهادة', en: 'Revoke the certificate' }, lang)}</h2>
${view.revocationNeedsFourEyes ? `<p class="notice warning" data-testid="four-eyes">${t({ ar: 'صاحب هذه الشهادة مسؤول آخر في لوحة الإدارة: لا يسري إلغاؤها إلا بموافقة مسؤول ثانٍ.', en: 'This certificate belongs to another administrator of the console: its revocation takes effect only once a second administrator approves.' }, lang)}</p>` : ''}
<form method="post" action="/admin/ca/certificates/${serial}/revoke" data-testid="revoke-form">${csrfField(session.csrfToken)}
<div class="fields">
<div class="field"><label for="reason">${t({ ar: 'السبب (RFC 5280)', en: 'Reason (RFC 5280)' }, lang)}</label><select id="reason" name="reason">${REVOKE_REASONS.map((r) => `<option value="${r}"${r === chosen ? ' selected' : ''}>${t(REASON_NAMES[r], lang)}</option>`).join('')}</select></div>
<div class="field"><label for="invalidityDate">${t({ ar: 'تاريخ عدم الصلاحية (اختياري)', en: 'Invalidity date (optional)' }, lang)}</label><input type="date" id="invalidityDate" name="invalidityDate" dir="ltr" value="${escapeHtml(entered.invalidityDate ?? '')}"></div>
<div class="field"><label for="comment">${t({ ar: 'ملاحظة لسجل التدقيق (اختياري)', en: 'Note for the audit log (optional)' }, lang)}</label><input type="text" id="comment" name="comment" maxlength="200" value="${escapeHtml(entered.comment ?? '')}"></div>
</div>
<button type="submit" class="danger" data-testid="revoke">${t(view.revocationNeedsFourEyes ? { ar: 'اقتراح الإلغاء', en: 'Propose the revocation' } : { ar: 'إلغاء الشهادة نهائياً', en: 'Revoke for good' }, lang)}</button>
</form></section>`);
  }
  const simple = (path: 'hold' | 'release', heading: Bilingual, explain: Bilingual, button: Bilingual) =>
    `<section aria-labelledby="${path}-heading"><h2 id="${path}-heading">${t(heading, lang)}</h2><p>${t(explain, lang)}</p>
<form method="post" action="/admin/ca/certificates/${serial}/${path}">${csrfField(session.csrfToken)}<button type="submit" data-testid="${path}">${t(button, lang)}</button></form></section>`;
  if (view.may.hold && record.status === 'good') {
    actions.push(simple('hold', { ar: 'إيقاف مؤقت', en: 'Hold' }, { ar: 'تُعامل الشهادة معاملة الملغاة (certificateHold) إلى أن يُرفع الإيقاف.', en: 'The certificate is treated as revoked (certificateHold) until the hold is released.' }, { ar: 'إيقاف الشهادة مؤقتاً', en: 'Put on hold' }));
  }
  if (view.may.release && record.status === 'on-hold') {
    actions.push(simple('release', { ar: 'رفع الإيقاف', en: 'Release' }, { ar: 'تعود الشهادة سارية، ويُرفع رقمها من قائمة الإلغاء.', en: 'The certificate becomes good again and leaves the CRL.' }, { ar: 'رفع الإيقاف', en: 'Release the hold' }));
  }
  return layout(context, {
    title: { ar: 'شهادة', en: 'Certificate' },
    body: `${view.message ? notice(lang, view.message.text, view.message.kind) : ''}${view.error ? inputError(view.error) : ''}
${facts}
${actions.join('\n')}
<p><a href="/admin/ca/certificates">${t({ ar: 'العودة إلى البحث في الشهادات', en: 'Back to the certificate search' }, lang)}</a></p>`,
  });
}
