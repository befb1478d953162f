import { escapeHtml } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';
import type { CertificateSummary, Indication, SignatureValidation, ValidationReport } from '@theqa/pades';

const t = (text: Bilingual, lang: Language) => escapeHtml(text[lang]);

const TEXT = {
  title: { ar: 'التحقق من مستند موقّع', en: 'Validate a signed document' },
  intro: {
    ar: 'اختر ملف PDF موقّعاً لعرض تقرير عن كل توقيع فيه: صحته، والموقّع، ووقت التوقيع، وما تغيّر بعده.',
    en: 'Choose a signed PDF to see a report on each of its signatures: whether it is valid, who signed, when, and what changed after it.',
  },
  file: { ar: 'ملف PDF', en: 'PDF file' },
  submit: { ar: 'تحقق', en: 'Validate' },
  reportTitle: { ar: 'تقرير التحقق', en: 'Validation report' },
  another: { ar: 'التحقق من مستند آخر', en: 'Validate another document' },
  none: { ar: 'لا يحتوي المستند على أي توقيع.', en: 'The document carries no signature.' },
  signer: { ar: 'الموقّع', en: 'Signer' },
  civilNumber: { ar: 'الرقم المدني', en: 'Civil number' },
  organization: { ar: 'الجهة', en: 'Organisation' },
  issuer: { ar: 'جهة الإصدار', en: 'Issued by' },
  time: { ar: 'وقت التوقيع (الختم الزمني)', en: 'Signing time (time-stamp)' },
  claimed: { ar: 'وقت التوقيع المذكور', en: 'Signing time stated' },
  level: { ar: 'المستوى', en: 'Level' },
  revocation: { ar: 'حالة الشهادة وقت التوقيع', en: 'Certificate status at signing' },
  changes: { ar: 'تغييرات بعد التوقيع', en: 'Changes after signing' },
  problems: { ar: 'المشكلات', en: 'Problems' },
  warnings: { ar: 'ملاحظات', en: 'Notes' },
  document: { ar: 'المستند', en: 'Document' },
  field: { ar: 'الحقل', en: 'Field' },
  timeStamp: { ar: 'ختم زمني للمستند', en: 'Document time-stamp' },
  failedToRead: { ar: 'تعذرت قراءة الملف', en: 'The file could not be read' },
} satisfies Record<string, Bilingual>;

const INDICATIONS: Record<Indication, Bilingual> = {
  TOTAL_PASSED: { ar: 'صالح', en: 'Valid' },
  INDETERMINATE: { ar: 'غير محسوم', en: 'Indeterminate' },
  TOTAL_FAILED: { ar: 'غير صالح', en: 'Not valid' },
};
const REVOCATION: Record<'good' | 'revoked' | 'unknown', Bilingual> = {
  good: { ar: 'سارية', en: 'Good' },
  revoked: { ar: 'ملغاة', en: 'Revoked' },
  unknown: { ar: 'غير معروفة', en: 'Unknown' },
};

export interface PageContext {
  lang: Language;
  /** The page's own path, for the language switch and the form. */
  path: string;
}

/** The upload form: a file and a button, no script. */
export function validationFormPage(context: PageContext, error?: Bilingual): string {
  const { lang } = context;
  return layout(context, TEXT.title, `
<p>${t(TEXT.intro, lang)}</p>
${error ? `<p class="error" role="alert">${t(error, lang)}</p>` : ''}
<form method="post" action="${escapeHtml(context.path)}/report?lang=${lang}" enctype="multipart/form-data">
<label for="document">${t(TEXT.file, lang)}</label>
<input id="document" name="document" type="file" accept="application/pdf,.pdf" required>
<div class="actions"><button type="submit">${t(TEXT.submit, lang)}</button></div>
</form>`);
}

/** The report, one section per signature, the verdict first and in words. */
export function validationReportPage(context: PageContext, report: ValidationReport, fileName: string): string {
  const { lang } = context;
  const sections = report.signatures.length ? report.signatures.map((signature, i) => signatureSection(signature, i + 1, lang)).join('\n') : `<p>${t(TEXT.none, lang)}</p>`;
  return layout(context, TEXT.reportTitle, `
<p class="verdict ${report.indication.toLowerCase()}"><strong>${t(INDICATIONS[report.indication], lang)}</strong></p>
<dl class="facts">
<dt>${t(TEXT.document, lang)}</dt><dd><bdi>${escapeHtml(fileName)}</bdi></dd>
<dt>SHA-256</dt><dd><code>${report.documentSha256}</code></dd>
</dl>
${sections}
<p><a href="${escapeHtml(context.path)}?lang=${lang}">${t(TEXT.another, lang)}</a></p>`);
}

function signatureSection(signature: SignatureValidation, n: number, lang: Language): string {
  const heading = signature.kind === 'document-time-stamp' ? `${t(TEXT.timeStamp, lang)} ${n}` : `${lang === 'ar' ? 'التوقيع' : 'Signature'} ${n}`;
  const facts: Array<[Bilingual, string | undefined]> = [
    [TEXT.field, escapeHtml(signature.fieldName)],
    [TEXT.signer, signature.signer && escapeHtml(signerName(signature.signer))],
    [TEXT.civilNumber, signature.signer?.civilNumber && escapeHtml(signature.signer.civilNumber)],
    [TEXT.organization, signature.signer?.organizationIdentifier && escapeHtml(`${signature.signer.organization ?? ''} (${signature.signer.organizationIdentifier})`)],
    [TEXT.issuer, signature.signer && escapeHtml(commonNameOf(signature.signer.issuer))],
    [TEXT.time, signature.timeStamp?.time && dateTime(signature.timeStamp.time, lang)],
    [TEXT.claimed, !signature.timeStamp?.time && signature.claimedSigningTime ? dateTime(signature.claimedSigningTime, lang) : undefined],
    [TEXT.level, signature.level && `<bdi>PAdES ${signature.level}</bdi>`],
    [TEXT.revocation, signature.revocation && t(REVOCATION[signature.revocation.status], lang)],
    [TEXT.changes, signature.changes && t(changesText(signature.changes.laterRevisions, signature.changes.notAllowed.length), lang)],
  ];
  const list = (label: Bilingual, items: Array<{ message: Bilingual }>, css: string) =>
    items.length ? `<h3>${t(label, lang)}</h3><ul class="${css}">${items.map((item) => `<li>${t(item.message, lang)}</li>`).join('')}</ul>` : '';
  return `<section class="signature ${signature.indication.toLowerCase()}">
<h2>${heading}: <span class="verdict-label">${t(INDICATIONS[signature.indication], lang)}</span>${signature.subIndication ? ` <span class="detail"><bdi>${signature.subIndication}</bdi></span>` : ''}</h2>
<dl class="facts">${facts
    .filter(([, value]) => value)
    .map(([label, value]) => `<dt>${t(label, lang)}</dt><dd>${value}</dd>`)
    .join('')}</dl>
${list(TEXT.problems, signature.failures, 'error')}${list(TEXT.warnings, signature.warnings, 'detail')}
</section>`;
}

/** The CN of a distinguished name as the report writes it (`C=OM, O=…, CN=…`), else the whole name. */
const commonNameOf = (name: string) => /(?:^|,\s*)CN=([^,]+)/.exec(name)?.[1] ?? name;

function changesText(later: number, notAllowed: number): Bilingual {
  if (later === 0) return { ar: 'لا توجد؛ التوقيع يغطي المستند كله', en: 'None: the signature covers the whole document' };
  if (notAllowed === 0) return { ar: `${later} تحديثات لاحقة، كلها مسموح بها (توقيعات أو بيانات تحقق)`, en: `${later} later update(s), all allowed (signatures or validation data)` };
  return { ar: `${later} تحديثات لاحقة، منها ${notAllowed} غير مسموح بها`, en: `${later} later update(s), ${notAllowed} of them not allowed` };
}

const signerName = (signer: CertificateSummary) => signer.commonName ?? signer.organization ?? signer.subject;

function dateTime(date: Date, lang: Language): string {
  const text = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-OM' : 'en-GB', { dateStyle: 'long', timeStyle: 'long', timeZone: 'Asia/Muscat' }).format(date);
  return `<time datetime="${date.toISOString()}">${escapeHtml(text)}</time>`;
}

/** Arabic first, right to left; the login pages' stylesheet; no script, no inline style. */
function layout(context: PageContext, title: Bilingual, body: string): string {
  const { lang } = context;
  const other = lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t(title, lang)} — ${lang === 'ar' ? 'ثقة' : 'Theqa'}</title>
<link rel="stylesheet" href="/login-assets/gateway.css">
</head>
<body>
<header class="brand"><span class="logo">${lang === 'ar' ? 'ثقة' : 'Theqa'}</span> <a class="lang" href="${escapeHtml(context.path)}?lang=${other}" lang="${other}">${other === 'en' ? 'English' : 'العربية'}</a></header>
<main>
<h1>${t(title, lang)}</h1>
${body}
</main>
</body>
</html>`;
}

export const READ_FAILURE = TEXT.failedToRead;
