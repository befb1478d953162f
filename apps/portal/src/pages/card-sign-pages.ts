import { CARD_HOLDER_REFUSALS } from '@theqa/identity';
import type { Bilingual, Language } from '@theqa/kernel';
import type { CardSignature, CardSignatureStatus } from '@theqa/signing';
import type { SignFormProblem, SignFormValues } from '../sign/sign-form';
import { badge, dateTime, errorSummary, escapeHtml, facts, ltr, notice, t, table } from './html';
import { layout, type PageContext } from './layout';
import { SIGN_PREVIEW_SCRIPT, uploadForm } from './sign-pages';
import { sizeInWords } from './words';

type SessionContext = PageContext & { session: NonNullable<PageContext['session']> };

const TITLE: Bilingual = { ar: 'توقيع مستند PDF بالبطاقة الشخصية', en: 'Sign a PDF with the ID card' };
export const CARD_SIGN_SCRIPT_PATH = '/portal/assets/card-sign.js';

const STATUS: Record<CardSignatureStatus, { kind: string; text: Bilingual }> = {
  uploaded: { kind: 'neutral', text: { ar: 'بانتظار البطاقة', en: 'Waiting for the card' } },
  prepared: { kind: 'neutral', text: { ar: 'بانتظار البطاقة', en: 'Waiting for the card' } },
  completing: { kind: 'neutral', text: { ar: 'يُستكمل التوقيع', en: 'The signature is being completed' } },
  signed: { kind: 'good', text: { ar: 'موقّع', en: 'Signed' } },
  failed: { kind: 'bad', text: { ar: 'تعذّر التوقيع', en: 'Signing failed' } },
};

/** Why a step of the card's signing was refused, in the person's words, with what to do. */
export const CARD_SIGNING_REFUSALS: Record<string, Bilingual> = {
  'certificate-invalid': { ar: 'تعذّرت قراءة شهادة التوقيع من البطاقة.', en: 'The signing certificate could not be read from the card.' },
  'certificate-not-yet-valid': { ar: 'شهادة التوقيع في البطاقة لم تبدأ صلاحيتها بعد.', en: 'The card’s signing certificate is not valid yet.' },
  'certificate-expired': { ar: 'انتهت صلاحية البطاقة أو شهادة التوقيع فيها.', en: 'The ID card or its signing certificate has expired.' },
  'certificate-purpose': { ar: 'الشهادة التي قدمتها البطاقة ليست شهادة توقيع.', en: 'The certificate the card gave is not a signing certificate.' },
  'certificate-policy': { ar: 'شهادة البطاقة لم تصدر وفق سياسة التوقيع المعتمد.', en: 'The card’s certificate was not issued under the qualified signature policy.' },
  'certificate-untrusted': { ar: 'شهادة التوقيع لم تصدر من جهة التصديق الوطنية للتوقيع.', en: 'The signing certificate was not issued by the national signing certification authority.' },
  'certificate-subject-invalid': { ar: 'شهادة البطاقة لا تحمل رقماً مدنياً صالحاً.', en: 'The card’s certificate does not carry a valid civil number.' },
  'certificate-holder-mismatch': { ar: 'البطاقة في القارئ ليست بطاقتك: تعود لشخص آخر غير المسجّل دخوله. لم يُوقَّع شيء.', en: 'The card in the reader is not yours: it belongs to someone other than the person logged in. Nothing was signed.' },
  'certificate-revoked': { ar: 'شهادة التوقيع في البطاقة ملغاة أو موقوفة.', en: 'The card’s signing certificate has been revoked or suspended.' },
  'certificate-status-unknown': { ar: 'لا تعرف جهة التصديق حالة شهادة البطاقة.', en: 'The certification authority does not know the status of the card’s certificate.' },
  'revocation-unavailable': { ar: 'تعذّر التحقق من حالة شهادة البطاقة الآن. حاول بعد قليل.', en: 'The status of the card’s certificate could not be checked now. Try again in a moment.' },
  'request-unknown': { ar: 'لا يوجد مستند مرفوع بهذا الرقم لك.', en: 'You have no uploaded document with this number.' },
  'request-not-pending': { ar: 'هذا المستند لم يعد بانتظار البطاقة (وُقّع أو تعذّر توقيعه).', en: 'This document is no longer waiting for the card (it was signed, or signing it failed).' },
  'request-expired': { ar: 'انتهت مهلة توقيع هذا المستند. ارفعه من جديد.', en: 'The time to sign this document is up. Upload it again.' },
  'signature-invalid': { ar: 'التوقيع الذي أرسلته البطاقة لا يتحقق بشهادتها، فلم يُوقَّع المستند. ارفعه من جديد.', en: 'The signature the card sent does not verify with its certificate, so the document was not signed. Upload it again.' },
  'completion-failed': { ar: 'تعذّر إكمال التوقيع (العلامة الزمنية أو بيانات التحقق). ارفع المستند من جديد.', en: 'The signature could not be completed (time-stamp or validation data). Upload the document again.' },
  'document-invalid': { ar: 'تعذّر تحضير هذا المستند للتوقيع.', en: 'This document could not be prepared for signing.' },
  'form-invalid': { ar: 'الطلب المرسل ليس من صفحة التوقيع بالبطاقة.', en: 'The request sent is not from the card signing page.' },
  // The civil registry's word on the card (checkCardHolder), as at an ID-card login.
  ...CARD_HOLDER_REFUSALS,
};

export const cardRefusalOf = (code: string): Bilingual => CARD_SIGNING_REFUSALS[code] ?? CARD_SIGNING_REFUSALS['form-invalid'];

function recentTable(lang: Language, recent: CardSignature[]): string {
  return table(lang, {
    caption: { ar: 'المستندات التي وقّعتها أو رفعتها للتوقيع بالبطاقة مؤخراً', en: 'Documents you recently signed or uploaded to sign with the card' },
    columns: [
      { ar: 'المستند', en: 'Document' },
      { ar: 'تاريخ الرفع', en: 'Uploaded' },
      { ar: 'الحالة', en: 'Status' },
    ],
    rows: recent.map((r) => [`<a href="/portal/sign/card/${escapeHtml(r.id)}">${t(r.document.name, lang)}</a>`, dateTime(r.createdAt, lang), badge(STATUS[r.status].kind, STATUS[r.status].text, lang)]),
    empty: { ar: 'لم توقّع مستندات بالبطاقة بعد.', en: 'You have not signed documents with the card yet.' },
    testId: 'card-signatures',
  });
}

export interface CardUploadView {
  values: SignFormValues;
  problems: SignFormProblem[];
  formProblem?: Bilingual;
  recent: CardSignature[];
  maxDocumentBytes: number;
}

/** "Sign a PDF with the ID card": how it goes (the Tam flow), the upload form, the recent ones. */
export function cardSignUploadPage(context: SessionContext, view: CardUploadView): string {
  const { lang } = context;
  return layout(context, {
    title: TITLE,
    section: 'sign',
    body: `${errorSummary(lang, view.problems.map((p) => ({ field: p.field, message: p.message })))}${view.formProblem ? notice(lang, view.formProblem, 'warning') : ''}
<p>${t({ ar: 'وقّع مستند PDF بشهادة التوقيع المعتمدة في بطاقتك الشخصية: تحتاج إلى قارئ بطاقات وإضافة Web eID في المتصفح.', en: 'Sign a PDF with the qualified signing certificate on your ID card: you need a card reader and the Web eID browser extension.' }, lang)}</p>
<ol class="steps">
<li>${t({ ar: 'ارفع المستند وسمّه', en: 'Upload the document and name it' }, lang)}</li>
<li>${t({ ar: 'راجع المستند', en: 'Review the document' }, lang)}</li>
<li>${t({ ar: 'ضع البطاقة في القارئ، واضغط «التوقيع بالبطاقة»، وأدخل الرقم السري الثاني (PIN2)', en: 'Put the card in the reader, press "Sign with the ID card", and enter PIN2' }, lang)}</li>
<li>${t({ ar: 'نزّل المستند الموقّع', en: 'Download the signed document' }, lang)}</li>
</ol>
<section aria-labelledby="upload-heading"><h2 id="upload-heading">${t({ ar: 'رفع مستند', en: 'Upload a document' }, lang)}</h2>${uploadForm(context, view.values, view.problems, view.maxDocumentBytes, '/portal/sign/card')}</section>
<section aria-labelledby="recent-heading">
<h2 id="recent-heading">${t({ ar: 'التوقيعات بالبطاقة', en: 'Signatures with the card' }, lang)}</h2>
${recentTable(lang, view.recent)}
</section>`,
  });
}

/** The card's part of the review page: the button the script brings to life, or the signed file. */
function cardSection(context: SessionContext, signature: CardSignature): string {
  const { lang } = context;
  const base = `/portal/sign/card/${escapeHtml(signature.id)}`;
  const status = STATUS[signature.status];
  let body = `<p>${badge(status.kind, status.text, lang)}</p>`;
  if (signature.status === 'uploaded' || signature.status === 'prepared') {
    body += `<div data-card-sign data-base="${base}" data-csrf="${escapeHtml(context.session.csrfToken)}" data-testid="card-sign">
<p>${t({ ar: 'ضع بطاقتك الشخصية في القارئ، ثم اضغط «التوقيع بالبطاقة». سيطلب برنامج البطاقة الرقم السري الثاني (PIN2). لا تُدخل رقمك السري في هذه الصفحة.', en: 'Put your ID card in the reader, then press "Sign with the ID card". The card software asks for PIN2. Do not type your PIN in this page.' }, lang)}</p>
<p data-card-unavailable data-testid="card-unavailable">${t({ ar: 'يتطلب التوقيع بالبطاقة الشخصية إضافة Web eID في المتصفح وقارئ بطاقات، ولم يُعثر عليهما.', en: 'Signing with the ID card needs the Web eID browser extension and a card reader, which were not found.' }, lang)}</p>
<button type="button" data-card-start hidden>${t({ ar: 'التوقيع بالبطاقة', en: 'Sign with the ID card' }, lang)}</button>
<p data-card-busy role="status" hidden>${t({ ar: 'اتبع تعليمات برنامج البطاقة وأدخل الرقم السري الثاني…', en: 'Follow the card software and enter PIN2…' }, lang)}</p>
<p class="field-error" role="alert" data-card-failure data-testid="card-failure" hidden data-cancelled="${escapeHtml(t({ ar: 'أُلغي التوقيع بالبطاقة، ولم يُوقَّع شيء.', en: 'Signing with the card was cancelled; nothing was signed.' }, lang))}" data-failed="${escapeHtml(t({ ar: 'رفضت البطاقة التوقيع، ولم يُوقَّع شيء.', en: 'The card refused to sign; nothing was signed.' }, lang))}"></p>
</div>
<p>${t({ ar: 'ينتهي انتظار البطاقة في', en: 'Waiting for the card ends at' }, lang)} ${dateTime(signature.expiresAt, lang)}.</p>`;
  }
  if (signature.status === 'signed') {
    body += `<p><a class="button" href="${base}/signed" data-testid="download">${t({ ar: 'تنزيل المستند الموقّع', en: 'Download the signed document' }, lang)}</a></p>
${facts(lang, [
  [{ ar: 'وقت التوقيع', en: 'Signed at' }, signature.completedAt && dateTime(signature.completedAt, lang)],
  [{ ar: 'شهادة البطاقة', en: 'Card certificate' }, signature.certificateSerial && ltr(signature.certificateSerial)],
  [{ ar: 'بصمة الملف الموقّع (SHA-256)', en: 'Signed file fingerprint (SHA-256)' }, signature.signedSha256 && `<code dir="ltr">${escapeHtml(signature.signedSha256)}</code>`],
])}
<p><a href="/sign/validation?lang=${lang}">${t({ ar: 'التحقق من توقيع مستند', en: 'Validate a signed document' }, lang)}</a></p>`;
  }
  if (signature.status === 'failed') body += `<p>${t({ ar: 'لم يُوقَّع المستند.', en: 'The document was not signed.' }, lang)} <a href="/portal/sign/card">${t({ ar: 'رفع المستند من جديد', en: 'Upload it again' }, lang)}</a></p>`;
  return `<section id="status" class="card" aria-labelledby="status-heading" data-testid="status" data-status="${signature.status}">
<h2 id="status-heading">${t({ ar: 'التوقيع بالبطاقة', en: 'Signing with the card' }, lang)}</h2>
${body}
</section>`;
}

/** The review of an upload: the card's step (or the signed file), the document's facts, its first page. */
export function cardSignReviewPage(context: SessionContext, signature: CardSignature): string {
  const { lang } = context;
  const base = `/portal/sign/card/${escapeHtml(signature.id)}`;
  const name = signature.document.name;
  const pages = new Intl.NumberFormat(lang === 'ar' ? 'ar-OM' : 'en-GB').format(signature.document.pages);
  return layout(context, {
    title: { ar: `مراجعة المستند: ${name.ar}`, en: `Review the document: ${name.en}` },
    section: 'sign',
    head: `<script src="${SIGN_PREVIEW_SCRIPT}" defer></script>\n<script src="${CARD_SIGN_SCRIPT_PATH}" defer></script>`,
    body: `${cardSection(context, signature)}
<section aria-labelledby="document-heading">
<h2 id="document-heading">${t({ ar: 'المستند', en: 'The document' }, lang)}</h2>
${facts(lang, [
  [{ ar: 'الاسم بالعربية', en: 'Name in Arabic' }, `<span lang="ar" dir="rtl">${escapeHtml(name.ar)}</span>`],
  [{ ar: 'الاسم بالإنجليزية', en: 'Name in English' }, `<span dir="auto">${escapeHtml(name.en)}</span>`],
  [{ ar: 'سبب التوقيع', en: 'Reason' }, signature.reason && `<span dir="auto">${escapeHtml(signature.reason)}</span>`],
  [{ ar: 'الحجم', en: 'Size' }, escapeHtml(sizeInWords(signature.document.bytes, lang))],
  [{ ar: 'عدد الصفحات', en: 'Pages' }, `<span data-testid="pages">${escapeHtml(pages)}</span>`],
  [{ ar: 'بصمة المستند (SHA-256)', en: 'Document fingerprint (SHA-256)' }, `<code dir="ltr" data-testid="sha256">${escapeHtml(signature.document.sha256)}</code>`],
  [{ ar: 'نوع التوقيع', en: 'Signature' }, `${t({ ar: 'توقيع إلكتروني معتمد بالبطاقة الشخصية،', en: 'Qualified electronic signature with the ID card,' }, lang)} <bdi dir="ltr">PAdES B-LT</bdi>`],
  [{ ar: 'تاريخ الرفع', en: 'Uploaded' }, dateTime(signature.createdAt, lang)],
])}
<figure class="page-preview" id="preview-figure" data-preview="waiting" data-caption-shown="${escapeHtml(t({ ar: 'الصفحة الأولى من {n}', en: 'Page 1 of {n}' }, lang))}" data-caption-failed="${escapeHtml(t({ ar: 'تعذّر عرض الصفحة الأولى هنا؛ افتح المستند من الرابط.', en: 'The first page cannot be shown here; open the document from the link.' }, lang))}" data-caption-mismatch="${escapeHtml(t({ ar: 'الملف الذي وصل لا يطابق بصمة المستند؛ لا توقّعه.', en: 'The file received does not match the document fingerprint; do not sign it.' }, lang))}">
<canvas id="preview" dir="ltr" role="img" aria-label="${escapeHtml(t({ ar: `الصفحة الأولى من المستند: ${name.ar}`, en: `The first page of the document: ${name.en}` }, lang))}" data-document="${base}/document" data-sha256="${escapeHtml(signature.document.sha256)}"></canvas>
<figcaption id="preview-caption">${t({ ar: 'تظهر الصفحة الأولى هنا حين يعمل JavaScript في المتصفح.', en: 'The first page shows here when JavaScript runs in the browser.' }, lang)}</figcaption>
</figure>
<p><a href="${base}/document" data-testid="open-document">${t({ ar: 'فتح المستند المرفوع (PDF)', en: 'Open the uploaded document (PDF)' }, lang)}</a></p>
</section>
<p><a href="/portal/sign/card">${t(TITLE, lang)}</a></p>`,
  });
}

/** A step refused: what happened, in Arabic and English (the page's language first), and the way on. */
export function cardSignRefusedPage(context: SessionContext, code: string, id?: string): string {
  const { lang } = context;
  const back = id ? `/portal/sign/card/${escapeHtml(id)}` : '/portal/sign/card';
  return layout(context, {
    title: { ar: 'لم يُوقَّع المستند', en: 'The document was not signed' },
    section: 'sign',
    body: `<div class="notice warning" role="alert" data-testid="card-refusal" data-code="${escapeHtml(code)}"><p>${t(cardRefusalOf(code), lang)}</p></div>
<p><a href="${back}">${t({ ar: 'العودة إلى المستند', en: 'Back to the document' }, lang)}</a> · <a href="/portal/sign/card">${t(TITLE, lang)}</a></p>`,
  });
}
