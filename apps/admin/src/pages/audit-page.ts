import { describeAuditVerification, type AuditEntryView, type AuditPage, type AuditVerification } from '@theqa/audit';
import type { Bilingual, Language } from '@theqa/kernel';
import { PAGE_SIZES, type AuditFormValues } from '../audit/audit-form';
import { csrfField, dateTime, escapeHtml, ltr, t } from './html';
import { layout, type PageContext } from './layout';

/** What the audit page shows besides its forms: results, a verification's report, a form's error. */
export interface AuditPageState {
  values: AuditFormValues;
  /** Absent when the search could not run (its error is shown instead). */
  results?: AuditPage;
  /** The page of results continues from this entry (the `older` link followed). */
  before?: string;
  verification?: AuditVerification;
  known?: string;
  exportValues?: Pick<AuditFormValues, 'from' | 'to'>;
  error?: { form: 'search' | 'verify' | 'export'; title: Bilingual; field?: string };
}

/**
 * The documented check of an export with openssl and coreutils alone (docs/security/audit.md): the
 * page shows these lines as they are, and the browser test runs them as shown.
 */
export const EXPORT_VERIFY_COMMANDS = [
  'head -n -1 audit.jsonl > body',
  `tail -n 1 audit.jsonl | sed -E 's/^[{]"signature":"([^"]+)"[}]$/\\1/' | base64 -d > body.sig`,
  'openssl dgst -sha256 -verify audit-export-key.pem -signature body.sig body',
];

/** Why verification failed, in words, by the finding's code (the technical message is shown beside). */
const FINDINGS: Record<string, Bilingual> = {
  'chain-broken': { ar: 'السلسلة مقطوعة: إدخال عُدِّل أو حُذف أو غُيِّر ترتيبه', en: 'The chain is broken: an entry was altered, removed or reordered' },
  'chain-differs': { ar: 'السلسلة تخالف ما وقّعته نقاط التحقق: أُعيدت كتابة إدخالات', en: 'The chain differs from what the checkpoints signed: entries were rewritten' },
  'log-truncated': { ar: 'السجل أقصر مما تضمنه نقاط التحقق: حُذفت إدخالات من آخره', en: 'The log is shorter than the checkpoints vouch for: entries were deleted from its end' },
  'known-checkpoint-missing': { ar: 'نقطة التحقق التي سجّلتها مفقودة (حُذفت)', en: 'The checkpoint you recorded is missing (deleted)' },
  'known-checkpoint-differs': { ar: 'نقطة التحقق التي سجّلتها تغيّرت', en: 'The checkpoint you recorded has changed' },
  'not-checkpointed': { ar: 'إدخالات لم تشملها نقطة تحقق موقعة بعد (تُشمل في نقطة التحقق التالية)', en: 'Entries not covered by a signed checkpoint yet (the next checkpoint covers them)' },
  'checkpoint-missing': { ar: 'نقطة تحقق مفقودة (حُذفت)', en: 'A checkpoint is missing (deleted)' },
  'checkpoint-unlinked': { ar: 'نقطة تحقق لا تشير إلى سابقتها (عُدِّلت إحداهما)', en: 'A checkpoint does not name its predecessor (one of them was altered)' },
  'checkpoint-order': { ar: 'نقاط التحقق ليست بترتيبها', en: 'The checkpoints are out of order' },
  'checkpoint-key-unknown': { ar: 'نقطة تحقق موقعة بمفتاح لا يحمله مخزن المفاتيح (مزوّرة)', en: 'A checkpoint is signed by a key the key store does not hold (forged)' },
  'checkpoint-signature': { ar: 'توقيع نقطة تحقق لا يصح (عُدِّلت)', en: "A checkpoint's signature does not verify (altered)" },
  'checkpoint-time': { ar: 'وقت نقطة تحقق يخالف ختمها الزمني (قُدِّم أو أُخِّر)', en: "A checkpoint's time differs from its time-stamp (back- or post-dated)" },
  'checkpoint-time-stamp': { ar: 'الختم الزمني لنقطة تحقق لا يصح', en: "A checkpoint's time-stamp does not verify" },
  'head-missing': { ar: 'رأس السلسلة المحفوظ مفقود', en: 'The stored chain head is missing' },
  'head-ahead': { ar: 'رأس السلسلة يتجاوز آخر إدخال: حُذفت الإدخالات الأخيرة', en: 'The chain head is beyond the last entry: the newest entries were deleted' },
  'head-behind': { ar: 'رأس السلسلة قبل آخر إدخال: أُعيدت كتابته', en: 'The chain head is before the last entry: it was rewritten' },
  'head-differs': { ar: 'بصمة رأس السلسلة تخالف آخر إدخال', en: "The chain head's hash differs from the last entry's" },
};

const UNKNOWN_FINDING: Bilingual = { ar: 'خلل في التحقق', en: 'A verification finding' };

/** A value of an entry's details, as text (plain data only: the chain hashes canonical JSON). */
const valueText = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

const detailsOf = (details: Record<string, unknown>): string => {
  const entries = Object.entries(details);
  if (!entries.length) return '—';
  return `<ul class="details">${entries.map(([key, value]) => `<li>${escapeHtml(key)}: ${ltr(valueText(value))}</li>`).join('')}</ul>`;
};

const entryRow = (entry: AuditEntryView, lang: Language): string[] => [
  `${dateTime(entry.occurredAt, lang)} <span class="seq">${ltr(`#${entry.seq}`)}</span>`,
  ltr(entry.actor),
  `<code dir="ltr">${escapeHtml(entry.action)}</code>`,
  ltr(entry.subject),
  detailsOf(entry.details),
];

/** A text field of a form, labelled, with its error when it is the one at fault. */
function input(lang: Language, options: { form: string; name: string; label: Bilingual; value: string; type?: string; hint?: Bilingual; error?: AuditPageState['error'] }): string {
  const id = `${options.form}-${options.name}`;
  const invalid = options.error?.form === options.form && options.error.field === options.name;
  const described = [options.hint ? `${id}-hint` : '', invalid ? `${options.form}-error` : ''].filter(Boolean).join(' ');
  return `<div class="field"><label for="${id}">${t(options.label, lang)}</label>${options.hint ? `<span class="hint" id="${id}-hint">${t(options.hint, lang)}</span>` : ''}
<input type="${options.type ?? 'text'}" id="${id}" name="${options.name}" value="${escapeHtml(options.value)}" dir="ltr"${options.type === 'datetime-local' ? ' step="1"' : ' maxlength="200"'}${invalid ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}></div>`;
}

const formError = (lang: Language, state: AuditPageState, form: 'search' | 'verify' | 'export'): string =>
  state.error?.form === form ? `<div class="notice warning" role="alert" id="${form}-error" data-testid="${form}-error"><p>${t(state.error.title, lang)}</p></div>` : '';

const TIME_HINT: Bilingual = { ar: 'بتوقيت مسقط', en: 'Muscat time' };

function searchSection(lang: Language, state: AuditPageState): string {
  const { values, results } = state;
  const fields = [
    input(lang, { form: 'search', name: 'actor', label: { ar: 'المنفّذ', en: 'Actor' }, value: values.actor, hint: { ar: 'مثل admin:12345678 أو system', en: 'e.g. admin:12345678 or system' }, error: state.error }),
    input(lang, { form: 'search', name: 'action', label: { ar: 'الإجراء', en: 'Action' }, value: values.action, hint: { ar: 'مثل certificate.revoked', en: 'e.g. certificate.revoked' }, error: state.error }),
    input(lang, { form: 'search', name: 'subject', label: { ar: 'الموضوع', en: 'Subject' }, value: values.subject, hint: { ar: 'رقم مدني، رقم تسلسلي، معرّف جهة', en: 'a civil number, a serial, a client id' }, error: state.error }),
    input(lang, { form: 'search', name: 'from', label: { ar: 'من', en: 'From' }, value: values.from, type: 'datetime-local', hint: TIME_HINT, error: state.error }),
    input(lang, { form: 'search', name: 'to', label: { ar: 'إلى (غير شامل)', en: 'To (not included)' }, value: values.to, type: 'datetime-local', hint: TIME_HINT, error: state.error }),
    (() => {
      const invalid = state.error?.form === 'search' && state.error.field === 'size';
      const options = PAGE_SIZES.map((size) => `<option value="${size}"${(values.size || PAGE_SIZES[0]) === size ? ' selected' : ''}>${size}</option>`).join('');
      return `<div class="field"><label for="search-size">${t({ ar: 'سجلات في الصفحة', en: 'Entries per page' }, lang)}</label><select id="search-size" name="size"${invalid ? ' aria-invalid="true" aria-describedby="search-error"' : ''}>${options}</select></div>`;
    })(),
  ];
  const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v.trim() !== ''));
  const older = results?.older ? (() => {
    const next = new URLSearchParams(query);
    next.set('before', results.older);
    return `<a href="/admin/audit?${escapeHtml(next.toString())}" data-testid="older" rel="next">${t({ ar: 'السجلات الأقدم', en: 'Older entries' }, lang)}</a>`;
  })() : '';
  const newest = state.before ? `<a href="/admin/audit${query.toString() ? `?${escapeHtml(query.toString())}` : ''}" data-testid="newest">${t({ ar: 'الأحدث', en: 'Newest' }, lang)}</a>` : '';
  const paging = older || newest ? `<p class="paging">${[newest, older].filter(Boolean).join(' · ')}</p>` : '';
  const caption: Bilingual = state.before
    ? { ar: `السجلات قبل الإدخال رقم ${state.before}، الأحدث أولاً`, en: `Entries before #${state.before}, newest first` }
    : { ar: 'السجلات، الأحدث أولاً', en: 'Entries, newest first' };
  const columns: Bilingual[] = [{ ar: 'الوقت', en: 'Time' }, { ar: 'المنفّذ', en: 'Actor' }, { ar: 'الإجراء', en: 'Action' }, { ar: 'الموضوع', en: 'Subject' }, { ar: 'التفاصيل', en: 'Details' }];
  // A wide table scrolls: its region takes the keyboard's focus, named by the caption.
  const list = !results
    ? ''
    : results.entries.length
      ? `<div class="table-wrap" tabindex="0" role="region" aria-labelledby="results-caption"><table class="audit-results" data-testid="audit-results">
<caption id="results-caption">${t(caption, lang)}</caption>
<thead><tr>${columns.map((c) => `<th scope="col">${t(c, lang)}</th>`).join('')}</tr></thead>
<tbody>${results.entries.map((entry) => `<tr>${entryRow(entry, lang).map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')}</tbody>
</table></div>`
      : `<p class="empty" data-testid="audit-results">${t({ ar: 'لا سجلات تطابق هذا البحث.', en: 'No entry matches this search.' }, lang)}</p>`;
  return `<section aria-labelledby="search-heading">
<h2 id="search-heading">${t({ ar: 'البحث في السجل', en: 'Search the log' }, lang)}</h2>
${formError(lang, state, 'search')}
<form method="get" action="/admin/audit" class="audit-form" data-testid="search-form">
${fields.join('\n')}
<div class="field"><button type="submit">${t({ ar: 'بحث', en: 'Search' }, lang)}</button></div>
</form>
${list}
${paging}
</section>`;
}

function verificationReport(lang: Language, report: AuditVerification): string {
  const summary = describeAuditVerification(report);
  const latest = report.checkpoints.latest;
  const finding = (kind: 'failure' | 'warning') => (f: AuditVerification['failures'][number]) =>
    `<li data-code="${escapeHtml(f.code)}" data-kind="${kind}">${t(FINDINGS[f.code] ?? UNKNOWN_FINDING, lang)}${f.seq !== undefined ? ` — ${t({ ar: 'الإدخال', en: 'entry' }, lang)} ${ltr(`#${f.seq}`)}` : ''}${f.checkpoint !== undefined ? ` — ${t({ ar: 'نقطة التحقق', en: 'checkpoint' }, lang)} ${ltr(`#${f.checkpoint}`)}` : ''}<br><small lang="en" dir="ltr">${escapeHtml(f.message)}</small></li>`;
  return `<div class="notice ${report.ok ? 'success' : 'warning'}" role="status" data-testid="verification" data-ok="${report.ok}">
<p><strong>${t(summary, lang)}</strong></p>
<dl class="facts">
<dt>${t({ ar: 'الإدخالات', en: 'Entries' }, lang)}</dt><dd>${ltr(report.entries)}</dd>
<dt>${t({ ar: 'تضمنها نقاط التحقق حتى', en: 'Vouched for through' }, lang)}</dt><dd>${report.vouchedThrough ? ltr(`#${report.vouchedThrough}`) : '—'}</dd>
${report.firstUnvouched !== undefined ? `<dt>${t({ ar: 'أول إدخال لا يمكن ضمانه', en: 'First entry not vouched for' }, lang)}</dt><dd data-testid="first-unvouched">${ltr(`#${report.firstUnvouched}`)}</dd>` : ''}
<dt>${t({ ar: 'نقاط التحقق الموقعة', en: 'Signed checkpoints' }, lang)}</dt><dd>${ltr(report.checkpoints.total)}</dd>
${latest ? `<dt>${t({ ar: 'آخر نقطة تحقق (احتفظ بها للتحقق القادم)', en: 'Latest checkpoint (keep it for the next verification)' }, lang)}</dt><dd><code dir="ltr" data-testid="latest-checkpoint">${escapeHtml(`${latest.number}:${latest.digest}`)}</code></dd>` : ''}
</dl>
${report.failures.length ? `<h3>${t({ ar: 'أوجه الخلل', en: 'Failures' }, lang)}</h3><ul class="findings" data-testid="failures">${report.failures.map(finding('failure')).join('')}</ul>` : ''}
${report.warnings.length ? `<h3>${t({ ar: 'تنبيهات', en: 'Warnings' }, lang)}</h3><ul class="findings" data-testid="warnings">${report.warnings.map(finding('warning')).join('')}</ul>` : ''}
</div>`;
}

function verifySection(lang: Language, state: AuditPageState, csrf: string): string {
  return `<section aria-labelledby="verify-heading">
<h2 id="verify-heading">${t({ ar: 'التحقق من السلسلة ونقاط التحقق الموقعة', en: 'Verify the chain and its signed checkpoints' }, lang)}</h2>
<p>${t({ ar: 'يعيد حساب بصمة كل إدخال وارتباطه بسابقه، ويقارن رأس السلسلة بآخر إدخال، ويتحقق من توقيع كل نقطة تحقق بمفتاح مخزن المفاتيح ومن ختمها الزمني، كما يفعل الأمر npx theqa audit verify.', en: 'Recomputes every entry\'s hash and its link to the one before, compares the chain head with the last entry, and checks each checkpoint\'s signature by the key store\'s key and its time-stamp, as npx theqa audit verify does.' }, lang)}</p>
${formError(lang, state, 'verify')}
${state.verification ? verificationReport(lang, state.verification) : ''}
<form method="post" action="/admin/audit/verify" class="audit-form" data-testid="verify-form">${csrfField(csrf)}
${input(lang, { form: 'verify', name: 'known', label: { ar: 'نقطة تحقق سجّلتها سابقاً (اختياري)', en: 'A checkpoint you recorded earlier (optional)' }, value: state.known ?? '', hint: { ar: 'رقمها:بصمتها، كما عرضها تحقق سابق', en: 'number:digest, as an earlier verification showed it' }, error: state.error })}
<div class="field"><button type="submit" data-testid="verify">${t({ ar: 'تحقّق الآن', en: 'Verify now' }, lang)}</button></div>
</form>
</section>`;
}

function exportSection(lang: Language, state: AuditPageState, csrf: string): string {
  const values = state.exportValues ?? { from: '', to: '' };
  const error = state.error?.form === 'export' ? state.error : undefined;
  return `<section aria-labelledby="export-heading">
<h2 id="export-heading">${t({ ar: 'تصدير فترة في ملف موقّع', en: 'Export a period as a signed file' }, lang)}</h2>
<p>${t({ ar: 'ملف JSON Lines: سطره الأول وصف التصدير، ثم سطر لكل إدخال كما حُسبت بصمته، وآخره توقيع كل ما قبله بمفتاح التصدير في مخزن المفاتيح. يُسجَّل التصدير نفسه في سجل التدقيق باسمك.', en: 'A JSON Lines file: its first line describes the export, then one line per entry as it was hashed, and last a signature over everything before it by the key store\'s export key. The export itself is written to the audit log in your name.' }, lang)}</p>
${formError(lang, state, 'export')}
<form method="post" action="/admin/audit/export" class="audit-form" data-testid="export-form">${csrfField(csrf)}
${input(lang, { form: 'export', name: 'from', label: { ar: 'من', en: 'From' }, value: values.from, type: 'datetime-local', hint: TIME_HINT, error })}
${input(lang, { form: 'export', name: 'to', label: { ar: 'إلى (غير شامل)', en: 'To (not included)' }, value: values.to, type: 'datetime-local', hint: TIME_HINT, error })}
<div class="field"><button type="submit" data-testid="export">${t({ ar: 'تصدير وتنزيل', en: 'Export and download' }, lang)}</button></div>
</form>
<h3>${t({ ar: 'التحقق من ملف التصدير', en: 'Checking an export' }, lang)}</h3>
<p>${t({ ar: 'نزّل المفتاح العام، وقارن بصمته (SHA-256) بالحقل key.sha256 في السطر الأول وبما أُعطيته من مسؤول النظام، ثم سمِّ الملف audit.jsonl ونفّذ بأدوات openssl و coreutils وحدها:', en: 'Download the public key and compare its SHA-256 with the first line\'s key.sha256 and with the one the system owner gave you; then name the file audit.jsonl and run, with openssl and coreutils alone:' }, lang)}</p>
<p><a href="/admin/audit/export-key" download="audit-export-key.pem" data-testid="export-key">${t({ ar: 'تنزيل المفتاح العام لتوقيع التصدير (audit-export-key.pem)', en: 'Download the export signing public key (audit-export-key.pem)' }, lang)}</a></p>
<pre dir="ltr" lang="en" tabindex="0" data-testid="export-key-fingerprint-command"><code>openssl pkey -pubin -in audit-export-key.pem -outform DER | sha256sum</code></pre>
<pre dir="ltr" lang="en" tabindex="0" data-testid="verify-commands"><code>${EXPORT_VERIFY_COMMANDS.map(escapeHtml).join('\n')}</code></pre>
<p>${t({ ar: 'يطبع الأمر الأخير Verified OK إن لم يتغيّر في الملف بايت واحد.', en: 'The last command prints Verified OK if not one byte of the file was changed.' }, lang)}</p>
</section>`;
}

/**
 * The auditor's page: search the log (actor, action, subject, time; a page at a time, older below),
 * verify the chain and its signed checkpoints, export a period as a signed file and check it.
 */
export function auditPage(context: PageContext & { session: NonNullable<PageContext['session']> }, state: AuditPageState): string {
  const { lang, session } = context;
  return layout(context, {
    title: { ar: 'سجل التدقيق', en: 'Audit log' },
    body: `<p>${t({ ar: 'للقراءة فقط: لا شيء في هذه الصفحة يغيّر السجل. كل بحث وتحقق وتصدير يُسجَّل هو نفسه في السجل باسمك.', en: 'Read only: nothing on this page changes the log. Every search, verification and export is itself written to the log in your name.' }, lang)}</p>
${searchSection(lang, state)}
${verifySection(lang, state, session.csrfToken)}
${exportSection(lang, state, session.csrfToken)}`,
  });
}

/** The console without the audit service (a platform that did not wire it): said plainly. */
export function auditUnavailablePage(context: PageContext): string {
  return layout(context, {
    title: { ar: 'سجل التدقيق', en: 'Audit log' },
    body: `<p data-testid="audit-unavailable">${t({ ar: 'سجل التدقيق غير متاح في هذه المنصة الآن.', en: 'The audit log is not available on this platform now.' }, context.lang)}</p>`,
  });
}
