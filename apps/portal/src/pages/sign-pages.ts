import type { Bilingual, Language } from '@theqa/kernel';
import type { SigningErrorCode, SigningRequest, SigningStatus } from '@theqa/signing';
import { SIGN_PREVIEW_SCRIPT_NAME } from '../portal-browser-assets';
import type { SignFormField, SignFormProblem, SignFormValues } from '../sign/sign-form';
import { badge, csrfField, dateTime, errorSummary, escapeHtml, facts, ltr, notice, t, table } from './html';
import { layout, type PageContext } from './layout';
import { sizeInWords } from './words';

type SessionContext = PageContext & { session: NonNullable<PageContext['session']> };

/** The review page's script: served from 'self' by the platform, with pdf.js's files beside it (portal-browser-assets.ts). */
export const SIGN_PREVIEW_SCRIPT = `/portal/assets/${SIGN_PREVIEW_SCRIPT_NAME}`;
/** How often the waiting page looks again, and for how long (then a "check again" link is left). */
export const REFRESH_SECONDS = 5;
export const REFRESH_ROUNDS = 120;

const TITLE: Bilingual = { ar: 'توقيع مستند PDF', en: 'Sign a PDF' };

/** The request's state in words: the badge, what it means, and what the person does next. */
const STATUS: Record<SigningStatus, { kind: string; text: Bilingual; next: Bilingual }> = {
  pending: {
    kind: 'neutral',
    text: { ar: 'بانتظار موافقتك في تطبيق ثقة', en: 'Waiting for your approval in the THEQA app' },
    next: {
      ar: 'افتح تطبيق ثقة، ثم «طلبات التوقيع»، وتأكد أن رمز المستند فيه هو الرمز الظاهر هنا، ثم أدخل رقمك السري للتوقيع (أو ارفض الطلب).',
      en: 'Open the THEQA app, then "signing requests"; check that the document code there is the one shown here, then enter your PIN to sign (or decline).',
    },
  },
  completing: {
    kind: 'neutral',
    text: { ar: 'يُستكمل التوقيع', en: 'The signature is being completed' },
    next: { ar: 'وافقت في التطبيق؛ تُضاف الآن إلى التوقيع علامة زمنية وبيانات التحقق. يبقى هذا لحظات.', en: 'You approved in the app; a time-stamp and validation data are being added to the signature. This takes a moment.' },
  },
  signed: {
    kind: 'good',
    text: { ar: 'موقّع', en: 'Signed' },
    next: { ar: 'نزّل المستند الموقّع. يمكن لأي شخص التحقق من توقيعه في صفحة التحقق من التوقيعات.', en: 'Download the signed document. Anyone can check its signature on the signature validation page.' },
  },
  declined: {
    kind: 'warn',
    text: { ar: 'رُفض', en: 'Declined' },
    next: { ar: 'رفضت التوقيع في التطبيق، فلم يُوقَّع المستند. لتوقيعه ارفعه من جديد.', en: 'You declined in the app, so the document was not signed. To sign it, upload it again.' },
  },
  failed: {
    kind: 'bad',
    text: { ar: 'تعذّر التوقيع', en: 'Signing failed' },
    next: { ar: 'لم يكتمل التوقيع ولم يُوقَّع المستند. حاول مرة أخرى برفعه من جديد؛ وإن تكرر ذلك فتواصل مع مركز الاتصال.', en: 'The signature could not be completed and the document is not signed. Try again by uploading it again; if it happens again, contact the call centre.' },
  },
  expired: {
    kind: 'warn',
    text: { ar: 'انتهت المهلة', en: 'Expired' },
    next: { ar: 'لم تُعتمد الموافقة في التطبيق قبل انتهاء المهلة، فلم يُوقَّع المستند. لتوقيعه ارفعه من جديد.', en: 'It was not approved in the app in time, so the document was not signed. To sign it, upload it again.' },
  },
};

const waiting = (status: SigningStatus) => status === 'pending' || status === 'completing';

/** Why this person cannot sign, and the way there. */
function cannotSign(context: SessionContext, problem: SigningErrorCode): string {
  const { lang } = context;
  const upgrade = context.features.upgrade
    ? `<p><a href="/portal/upgrade">${t({ ar: 'الترقية إلى المستوى المرتفع', en: 'Upgrade to the high level' }, lang)}</a></p>`
    : `<p>${t({ ar: 'صفحة الترقية في هذه البوابة لم تُتح بعد: ستجدها في «إدارة الهوية الرقمية» حين تُتاح، وخطواتها في لوحة البوابة.', en: 'The upgrade page of this portal is not available yet: it will be under "Manage digital identity", and the dashboard lists its steps.' }, lang)}</p>`;
  const renew = context.features.upgrade ? `<p><a href="/portal/upgrade">${t({ ar: 'تجديد مفتاح التوقيع', en: 'Renew the signing key' }, lang)}</a></p>` : upgrade;
  const explanations: Partial<Record<SigningErrorCode, string>> = {
    'signer-not-high': `<p>${t({ ar: 'التوقيع الإلكتروني المعتمد يتطلب هوية رقمية بالمستوى المرتفع، وهويتك بالمستوى المتوسط. بالترقية يحصل جهازك على مفتاح توقيع وشهادة توقيع معتمدة.', en: 'A qualified electronic signature needs a digital identity at the high level, and yours is at the medium level. The upgrade gives your device a signing key and a qualified signing certificate.' }, lang)}</p>${upgrade}`,
    'signer-no-signing-key': `<p>${t({ ar: 'لا يحمل أي من أجهزتك النشطة مفتاح توقيع (ربما أُبلغ عن فقدان الجهاز الذي كان يحمله، أو أُعيد تعيين الرقم السري في تطبيق سطر الأوامر). جدّد مفتاح التوقيع على جهاز نشط من صفحة الترقية: يحصل على مفتاح وشهادة توقيع معتمدة جديدين.', en: 'None of your active devices holds a signing key (the device that held it may have been reported lost, or its PIN reset in the command-line wallet). Renew the signing key on an active device on the upgrade page: it gets a new key and qualified signing certificate.' }, lang)}</p>${renew}`,
    'signer-certificate-invalid': `<p>${t({ ar: 'شهادة التوقيع لديك ملغاة أو منتهية أو موقوفة. جدّد مفتاح التوقيع على جهازك من صفحة الترقية لإصدار شهادة جديدة.', en: 'Your signing certificate is revoked, expired or suspended. Renew the signing key on your device on the upgrade page to get a new certificate.' }, lang)}</p>${renew}`,
    'signer-blocked': `<p>${t({ ar: 'رقمك السري محظور بعد ثلاث محاولات خاطئة، فالتوقيع متوقف حتى تعيد تعيينه.', en: 'Your PIN is blocked after three wrong attempts, so signing is stopped until you reset it.' }, lang)}</p><p><a href="/portal/pin">${t({ ar: 'كيف أعيد تعيين الرقم السري', en: 'How to reset your PIN' }, lang)}</a></p>`,
  };
  const explanation =
    explanations[problem] ??
    `<p>${t({ ar: 'لا توجد هوية رقمية فعالة تسمح بالتوقيع (قد تكون هويتك موقوفة). تواصل مع مركز الاتصال.', en: 'There is no active digital identity that can sign (yours may be suspended). Contact the call centre.' }, lang)}</p>`;
  return `<div class="notice warning" data-testid="cannot-sign" data-problem="${escapeHtml(problem)}">
<h2>${t({ ar: 'لا يمكنك توقيع المستندات الآن', en: 'You cannot sign documents now' }, lang)}</h2>
${explanation}
</div>`;
}

function field(context: SessionContext, options: { id: SignFormField; label: Bilingual; hint: Bilingual; input: (describedBy: string, invalid: string) => string; problems: SignFormProblem[] }): string {
  const { lang } = context;
  const problem = options.problems.find((p) => p.field === options.id);
  const describedBy = `${options.id}-hint${problem ? ` ${options.id}-error` : ''}`;
  return `<div class="field">
<label for="${options.id}">${t(options.label, lang)}</label>
<span class="hint" id="${options.id}-hint">${t(options.hint, lang)}</span>
${problem ? `<p class="field-error" id="${options.id}-error">${t(problem.message, lang)}</p>` : ''}
${options.input(describedBy, problem ? ' aria-invalid="true"' : '')}
</div>`;
}

/** The upload form: for the THEQA app's signing (`/portal/sign`), or the ID card's (`/portal/sign/card`). */
export function uploadForm(context: SessionContext, values: SignFormValues, problems: SignFormProblem[], maxDocumentBytes: number, action: '/portal/sign' | '/portal/sign/card' = '/portal/sign'): string {
  const { lang } = context;
  const nameHint =
    action === '/portal/sign'
      ? { ar: 'يظهر في تطبيق ثقة عند التوقيع. اكتب الاسم بالعربية أو بالإنجليزية أو بكلتيهما، حتى 255 حرفاً.', en: 'The THEQA app shows it when you sign. Give the name in Arabic or English or both, up to 255 characters.' }
      : { ar: 'يظهر في صفحة المراجعة وفي سجل نشاطك. اكتب الاسم بالعربية أو بالإنجليزية أو بكلتيهما، حتى 255 حرفاً.', en: 'The review page and your activity show it. Give the name in Arabic or English or both, up to 255 characters.' };
  const text = (id: 'name_ar' | 'name_en' | 'reason', value: string, dir: string) => (describedBy: string, invalid: string) =>
    `<input type="text" id="${id}" name="${id}" value="${escapeHtml(value)}" dir="${dir}" maxlength="255" autocomplete="off" aria-describedby="${describedBy}"${invalid}>`;
  return `<form method="post" action="${action}" enctype="multipart/form-data" class="upload-form" novalidate data-testid="upload-form">
${csrfField(context.session.csrfToken)}
${field(context, { id: 'name_ar', label: { ar: 'اسم المستند بالعربية', en: 'Document name in Arabic' }, hint: nameHint, input: text('name_ar', values.nameAr, 'rtl'), problems })}
${field(context, { id: 'name_en', label: { ar: 'اسم المستند بالإنجليزية', en: 'Document name in English' }, hint: { ar: 'اختياري إذا كتبت الاسم بالعربية.', en: 'Optional if you gave the Arabic name.' }, input: text('name_en', values.nameEn, 'ltr'), problems })}
${field(context, { id: 'reason', label: { ar: 'سبب التوقيع (اختياري)', en: 'Reason for signing (optional)' }, hint: { ar: 'يُكتب في التوقيع نفسه، مثل «الموافقة على العقد». حتى 255 حرفاً.', en: 'It is written into the signature itself, such as "Approval of the contract". Up to 255 characters.' }, input: text('reason', values.reason, 'auto'), problems })}
${field(context, {
  id: 'document',
  label: { ar: 'ملف PDF', en: 'The PDF file' },
  hint: {
    ar: `ملف PDF حتى ${sizeInWords(maxDocumentBytes, 'ar')}، غير محمي بكلمة مرور.${problems.length ? ' اختر الملف مرة أخرى: لا يحتفظ المتصفح به بعد الإرسال.' : ''}`,
    en: `A PDF of up to ${sizeInWords(maxDocumentBytes, 'en')}, not protected with a password.${problems.length ? ' Choose the file again: the browser does not keep it after sending.' : ''}`,
  },
  input: (describedBy, invalid) => `<input type="file" id="document" name="document" accept="application/pdf,.pdf" aria-describedby="${describedBy}"${invalid}>`,
  problems,
})}
<div class="actions"><button type="submit">${t({ ar: 'رفع المستند ومراجعته', en: 'Upload and review' }, lang)}</button></div>
</form>`;
}

function recentTable(lang: Language, recent: SigningRequest[]): string {
  return table(lang, {
    caption: { ar: 'المستندات التي رفعتها للتوقيع مؤخراً', en: 'Documents you recently uploaded to sign' },
    columns: [
      { ar: 'المستند', en: 'Document' },
      { ar: 'تاريخ الرفع', en: 'Uploaded' },
      { ar: 'الحالة', en: 'Status' },
    ],
    rows: recent.map((r) => [
      `<a href="/portal/sign/${escapeHtml(r.id)}">${t(r.document.name, lang)}</a>`,
      dateTime(r.createdAt, lang),
      badge(STATUS[r.status].kind, STATUS[r.status].text, lang),
    ]),
    empty: { ar: 'لم ترفع مستندات للتوقيع بعد.', en: 'You have not uploaded documents to sign yet.' },
    testId: 'sign-requests',
  });
}

export interface UploadView {
  /** Why the person cannot sign now; the form is shown only when they can. */
  signerProblem?: SigningErrorCode;
  values: SignFormValues;
  problems: SignFormProblem[];
  /** A refusal of the whole form (too large before it was read): told at the top. */
  formProblem?: Bilingual;
  recent: SigningRequest[];
  maxDocumentBytes: number;
  /** Signing with the ID card is served too: the page leads to it. */
  cardSigning?: boolean;
}

/** "Sign a PDF": how it goes, the upload form (or why the person cannot sign), the recent requests. */
export function signUploadPage(context: SessionContext, view: UploadView): string {
  const { lang } = context;
  const errors = view.problems.map((p) => ({ field: p.field, message: p.message }));
  return layout(context, {
    title: TITLE,
    section: 'sign',
    body: `${errorSummary(lang, errors)}${view.formProblem ? notice(lang, view.formProblem, 'warning') : ''}
<p>${t({ ar: 'وقّع مستند PDF بتوقيعك الإلكتروني المعتمد: ارفعه هنا وراجعه، ثم وافق عليه في تطبيق ثقة برقمك السري، ثم نزّل المستند الموقّع.', en: 'Sign a PDF with your qualified electronic signature: upload and review it here, approve it in the THEQA app with your PIN, then download the signed document.' }, lang)}</p>
${view.cardSigning ? `<p><a href="/portal/sign/card" data-testid="sign-with-card">${t({ ar: 'أو وقّعه بالبطاقة الشخصية (قارئ البطاقات والرقم السري الثاني PIN2)', en: 'Or sign it with the ID card (a card reader and PIN2)' }, lang)}</a></p>` : ''}
<ol class="steps">
<li>${t({ ar: 'ارفع المستند وسمّه', en: 'Upload the document and name it' }, lang)}</li>
<li>${t({ ar: 'راجع المستند ورمزه المكوّن من أربعة أحرف', en: 'Review the document and its four-character code' }, lang)}</li>
<li>${t({ ar: 'وافق في تطبيق ثقة بعد التأكد من الرمز، برقمك السري', en: 'Approve in the THEQA app, after checking the code, with your PIN' }, lang)}</li>
<li>${t({ ar: 'نزّل المستند الموقّع', en: 'Download the signed document' }, lang)}</li>
</ol>
${view.signerProblem ? cannotSign(context, view.signerProblem) : `<section aria-labelledby="upload-heading"><h2 id="upload-heading">${t({ ar: 'رفع مستند', en: 'Upload a document' }, lang)}</h2>${uploadForm(context, view.values, view.problems, view.maxDocumentBytes)}</section>`}
<section aria-labelledby="recent-heading">
<h2 id="recent-heading">${t({ ar: 'طلبات التوقيع', en: 'Signing requests' }, lang)}</h2>
${recentTable(lang, view.recent)}
</section>`,
  });
}

function size(bytes: number, lang: Language): string {
  const exact = new Intl.NumberFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
  return bytes < 1024 ? escapeHtml(exact) : `${escapeHtml(sizeInWords(bytes, lang))} (${escapeHtml(exact)})`;
}

/** The status section: what the page script refreshes in place (and the refresh without script reloads). */
function statusSection(context: SessionContext, request: SigningRequest, rounds: number): string {
  const { lang } = context;
  const status = STATUS[request.status];
  const base = `/portal/sign/${escapeHtml(request.id)}`;
  let body = `<p>${badge(status.kind, status.text, lang)}</p><p>${t(status.next, lang)}</p>`;
  if (request.status === 'pending') {
    body += `<div class="document-code">
<p>${t({ ar: 'رمز المستند في تطبيق ثقة:', en: 'The document code in the THEQA app:' }, lang)}</p>
<p class="big-code" dir="ltr" data-testid="code">${escapeHtml(request.code)}</p>
<p class="hint">${t({ ar: 'لا توافق إذا أظهر التطبيق رمزاً آخر.', en: 'Do not approve if the app shows another code.' }, lang)}</p>
</div>
<p>${t({ ar: 'في المحفظة الإلكترونية: «طلبات التوقيع» في', en: 'In the web wallet: "signing requests" at' }, lang)} <a href="/wallet"><bdi dir="ltr">/wallet</bdi></a>. ${t({ ar: 'وفي محفظة سطر الأوامر:', en: 'In the command-line wallet:' }, lang)} <code dir="ltr">npx theqa wallet --home DIR sign --pending --code ${escapeHtml(request.code)} --pin PIN</code></p>
<p>${t({ ar: 'ينتهي الطلب في', en: 'The request expires at' }, lang)} ${dateTime(request.expiresAt, lang)}.</p>`;
  }
  if (waiting(request.status)) {
    body +=
      rounds < REFRESH_ROUNDS
        ? `<p class="hint">${t({ ar: 'تتحدث هذه الصفحة كل بضع ثوانٍ.', en: 'This page updates every few seconds.' }, lang)} <a href="${base}">${t({ ar: 'تحقق الآن', en: 'Check now' }, lang)}</a></p>`
        : `<p>${t({ ar: 'توقفت الصفحة عن التحديث التلقائي.', en: 'This page has stopped updating by itself.' }, lang)} <a href="${base}">${t({ ar: 'تحقق مرة أخرى', en: 'Check again' }, lang)}</a></p>`;
  }
  if (request.status === 'signed') {
    body += `<p><a class="button" href="${base}/signed" data-testid="download">${t({ ar: 'تنزيل المستند الموقّع', en: 'Download the signed document' }, lang)}</a></p>
${facts(lang, [
  [{ ar: 'وقت التوقيع', en: 'Signed at' }, request.completedAt && dateTime(request.completedAt, lang)],
  [{ ar: 'بصمة الملف الموقّع (SHA-256)', en: 'Signed file fingerprint (SHA-256)' }, request.signedSha256 && `<code dir="ltr">${escapeHtml(request.signedSha256)}</code>`],
])}
<p><a href="/sign/validation?lang=${lang}">${t({ ar: 'التحقق من توقيع مستند', en: 'Validate a signed document' }, lang)}</a></p>`;
  }
  if (request.status === 'declined' || request.status === 'failed' || request.status === 'expired') {
    body += `<p><a href="/portal/sign">${t({ ar: 'رفع المستند من جديد', en: 'Upload it again' }, lang)}</a></p>`;
  }
  return `<section id="status" class="card" aria-labelledby="status-heading" aria-live="polite" data-testid="status" data-status="${request.status}">
<h2 id="status-heading">${t({ ar: 'الحالة', en: 'Status' }, lang)}</h2>
${body}
</section>`;
}

/**
 * The review of one request: its state and what to do next, the facts the wallet will show (name,
 * size, pages, SHA-256, code), and the first page. Without script the page is whole but for the
 * drawing (a link opens the PDF) and reloads itself while the app's answer is awaited; with it,
 * sign-preview.js draws the first page with pdf.js and refreshes the status section in place.
 */
export function signReviewPage(context: SessionContext, request: SigningRequest, rounds: number): string {
  const { lang } = context;
  const base = `/portal/sign/${escapeHtml(request.id)}`;
  const refresh = waiting(request.status) && rounds < REFRESH_ROUNDS ? `<noscript><meta http-equiv="refresh" content="${REFRESH_SECONDS}; url=${base}?wait=${rounds + 1}"></noscript>\n` : '';
  const name = request.document.name;
  const pages = new Intl.NumberFormat(lang === 'ar' ? 'ar-OM' : 'en-GB').format(request.document.pages);
  return layout(context, {
    title: { ar: `مراجعة المستند: ${name.ar}`, en: `Review the document: ${name.en}` },
    section: 'sign',
    head: `${refresh}<script src="${SIGN_PREVIEW_SCRIPT}" defer></script>`,
    body: `${statusSection(context, request, rounds)}
<section aria-labelledby="document-heading">
<h2 id="document-heading">${t({ ar: 'المستند', en: 'The document' }, lang)}</h2>
${facts(lang, [
  [{ ar: 'الاسم بالعربية', en: 'Name in Arabic' }, `<span lang="ar" dir="rtl">${escapeHtml(name.ar)}</span>`],
  [{ ar: 'الاسم بالإنجليزية', en: 'Name in English' }, `<span dir="auto">${escapeHtml(name.en)}</span>`],
  [{ ar: 'سبب التوقيع', en: 'Reason' }, request.reason && `<span dir="auto">${escapeHtml(request.reason)}</span>`],
  [{ ar: 'الحجم', en: 'Size' }, size(request.document.bytes, lang)],
  [{ ar: 'عدد الصفحات', en: 'Pages' }, `<span data-testid="pages">${escapeHtml(pages)}</span>`],
  [{ ar: 'بصمة المستند (SHA-256)', en: 'Document fingerprint (SHA-256)' }, `<code dir="ltr" data-testid="sha256">${escapeHtml(request.document.sha256)}</code>`],
  [{ ar: 'رمز المستند', en: 'Document code' }, ltr(request.code)],
  [{ ar: 'نوع التوقيع', en: 'Signature' }, `${t({ ar: 'توقيع إلكتروني معتمد،', en: 'Qualified electronic signature,' }, lang)} <bdi dir="ltr">PAdES ${escapeHtml(request.level)}</bdi>`],
  [{ ar: 'تاريخ الرفع', en: 'Uploaded' }, dateTime(request.createdAt, lang)],
])}
<figure class="page-preview" id="preview-figure" data-preview="waiting" data-caption-shown="${escapeHtml(t({ ar: 'الصفحة الأولى من {n}', en: 'Page 1 of {n}' }, lang))}" data-caption-failed="${escapeHtml(t({ ar: 'تعذّر عرض الصفحة الأولى هنا؛ افتح المستند من الرابط.', en: 'The first page cannot be shown here; open the document from the link.' }, lang))}" data-caption-mismatch="${escapeHtml(t({ ar: 'الملف الذي وصل لا يطابق بصمة المستند؛ لا توافق على توقيعه.', en: 'The file received does not match the document fingerprint; do not approve it.' }, lang))}">
<canvas id="preview" dir="ltr" role="img" aria-label="${escapeHtml(t({ ar: `الصفحة الأولى من المستند: ${name.ar}`, en: `The first page of the document: ${name.en}` }, lang))}" data-document="${base}/document" data-sha256="${escapeHtml(request.document.sha256)}"></canvas>
<figcaption id="preview-caption">${t({ ar: 'تظهر الصفحة الأولى هنا حين يعمل JavaScript في المتصفح.', en: 'The first page shows here when JavaScript runs in the browser.' }, lang)}</figcaption>
</figure>
<p><a href="${base}/document" data-testid="open-document">${t({ ar: 'فتح المستند المرفوع (PDF)', en: 'Open the uploaded document (PDF)' }, lang)}</a></p>
</section>
<p><a href="/portal/sign">${t({ ar: 'العودة إلى توقيع مستند PDF', en: 'Back to Sign a PDF' }, lang)}</a></p>`,
  });
}

/** The signed file asked for before there is one. */
export function notSignedYetPage(context: SessionContext, request: SigningRequest): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'المستند غير موقّع بعد', en: 'The document is not signed yet' },
    section: 'sign',
    body: `<p>${t(STATUS[request.status].text, lang)}. ${t(STATUS[request.status].next, lang)}</p>
<p><a href="/portal/sign/${escapeHtml(request.id)}">${t({ ar: 'العودة إلى المستند', en: 'Back to the document' }, lang)}</a></p>`,
  });
}
