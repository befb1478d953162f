import { attributeByClaim, inCatalogueOrder } from '@theqa/consent';
import { ACR, type Bilingual, type Language } from '@theqa/kernel';

export function langOf(value: unknown): Language {
  return value === 'en' ? 'en' : 'ar';
}

/** Every text of the pages, in both languages. */
const TEXT = {
  ar: {
    title: 'نقل (تجريبي)',
    otherLanguage: 'English',
    intro: 'خدمة تجريبية تمثّل جهة معتمدة: تسجّل دخولك عبر ثقة ثم تعرض البيانات التي أُفرج عنها ومستوى الضمان.',
    asksFor: 'البيانات التي تطلبها هذه الخدمة:',
    requireHigh: 'اشترط مستوى ضمان عالٍ',
    login: 'تسجيل الدخول عبر ثقة',
    loggedIn: 'تم تسجيل الدخول',
    released: 'البيانات المُفرج عنها',
    claim: 'البيان',
    label: 'الوصف',
    value: 'القيمة',
    noClaims: 'لم يُفرج عن أي بيانات.',
    assurance: 'مستوى الضمان (acr)',
    subject: 'المعرّف (sub، خاص بهذه الخدمة)',
    authTime: 'وقت المصادقة (auth_time)',
    idToken: 'محتوى رمز الهوية (ID token)',
    logout: 'تسجيل الخروج',
    tryAgain: 'حاول مرة أخرى',
    backHome: 'العودة إلى البداية',
    errorCode: 'رمز الخطأ',
    errorDescription: 'التفاصيل',
    levels: { [ACR.medium]: 'متوسط', [ACR.high]: 'عالٍ' } as Record<string, string>,
  },
  en: {
    title: 'Naql (demo)',
    otherLanguage: 'العربية',
    intro: 'A sample service standing for a relying party: it logs you in with Theqa, then shows the data released to it and the assurance level.',
    asksFor: 'The data this service asks for:',
    requireHigh: 'Require high assurance',
    login: 'Log in with Theqa',
    loggedIn: 'You are logged in',
    released: 'Released data',
    claim: 'Claim',
    label: 'Meaning',
    value: 'Value',
    noClaims: 'No data was released.',
    assurance: 'Assurance level (acr)',
    subject: 'Identifier (sub, specific to this service)',
    authTime: 'Authenticated at (auth_time)',
    idToken: 'ID token claims',
    logout: 'Log out',
    tryAgain: 'Try again',
    backHome: 'Back to the start',
    errorCode: 'Error code',
    errorDescription: 'Details',
    levels: { [ACR.medium]: 'medium', [ACR.high]: 'high' } as Record<string, string>,
  },
} as const;

/** Headings of the failure pages, by OAuth error code or by the demo's own reason. */
const FAILURES: Record<string, Bilingual> = {
  access_denied: { ar: 'تم رفض تسجيل الدخول', en: 'Login was refused' },
  login_required: { ar: 'يلزم تسجيل الدخول', en: 'Login is required' },
  consent_required: { ar: 'تلزم الموافقة', en: 'Consent is required' },
  interaction_required: { ar: 'يلزم تفاعلك لإتمام تسجيل الدخول', en: 'Your interaction is required to log in' },
  unmet_authentication_requirements: { ar: 'لم يتحقق مستوى الضمان المطلوب', en: 'The required assurance level was not met' },
  temporarily_unavailable: { ar: 'خدمة ثقة غير متاحة مؤقتًا', en: 'Theqa is temporarily unavailable' },
  server_error: { ar: 'حدث خطأ لدى خدمة ثقة', en: 'Theqa had an error' },
  assurance_too_low: { ar: 'لم يتحقق مستوى الضمان المطلوب', en: 'The required assurance level was not met' },
  provider_unreachable: { ar: 'تعذّر الوصول إلى خدمة ثقة', en: 'Theqa cannot be reached' },
  provider_error: { ar: 'أجابت خدمة ثقة بما لم نتوقعه', en: 'Theqa answered unexpectedly' },
  no_transaction: { ar: 'لا توجد عملية تسجيل دخول جارية', en: 'No login is in progress' },
  transaction_invalid: { ar: 'بيانات عملية تسجيل الدخول غير صالحة', en: 'The login data is not valid' },
  transaction_expired: { ar: 'انتهت مهلة تسجيل الدخول', en: 'The login took too long' },
  bad_request: { ar: 'طلب غير صالح', en: 'Bad request' },
  not_found: { ar: 'الصفحة غير موجودة', en: 'Page not found' },
  internal: { ar: 'حدث خطأ غير متوقع', en: 'Something went wrong' },
};

/** What the demo says about its own reasons (OAuth errors bring their own description from the provider). */
const REASONS: Record<string, Bilingual> = {
  assurance_too_low: { ar: 'طلبت هذه الخدمة مستوى ضمان عالٍ، لكن هوية الدخول بمستوى أدنى.', en: 'This service asked for high assurance, but the login was at a lower level.' },
  provider_unreachable: { ar: 'لم تستطع الخدمة قراءة إعدادات مزوّد الهوية. حاول لاحقًا.', en: 'The service could not read the identity provider\'s configuration. Try again later.' },
  provider_error: { ar: 'لم يكتمل تبادل الرموز مع مزوّد الهوية.', en: 'The token exchange with the identity provider did not complete.' },
  no_transaction: { ar: 'لم نجد عملية تسجيل دخول بدأت من هذا المتصفح، أو انتهت مهلتها. ابدأ من جديد.', en: 'No login started from this browser was found, or it has expired. Start again.' },
  transaction_invalid: { ar: 'تعذّر التحقق من بيانات عملية تسجيل الدخول المحفوظة في المتصفح. ابدأ من جديد.', en: 'The login data kept in the browser could not be verified. Start again.' },
  transaction_expired: { ar: 'مرّت أكثر من عشر دقائق منذ بدء تسجيل الدخول. ابدأ من جديد.', en: 'More than ten minutes passed since the login started. Start again.' },
  bad_request: { ar: 'لم نفهم الطلب.', en: 'The request was not understood.' },
  not_found: { ar: 'لا توجد صفحة بهذا العنوان.', en: 'There is no page at this address.' },
  internal: { ar: 'حاول مرة أخرى لاحقًا.', en: 'Please try again later.' },
};

/** Protocol claims of an ID token, shown in the raw view but not in the table of released data. */
const PROTOCOL_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'nonce', 'acr', 'amr', 'auth_time', 'sid', 'at_hash', 'c_hash', 's_hash', 'azp']);

export const STYLESHEET = `
body { font-family: system-ui, "Noto Sans Arabic", "Segoe UI", sans-serif; margin: 0; color: #1b1b1b; background: #f6f7f8; line-height: 1.5; }
header { background: #0b5e55; color: #fff; padding: 1rem 1.5rem; display: flex; justify-content: space-between; align-items: center; }
header a { color: #fff; }
main { max-width: 50rem; margin: 1.5rem auto; padding: 0 1.5rem; }
h1 { margin: 0; font-size: 1.5rem; }
h2 { font-size: 1.25rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #c9cdd1; padding: .4rem .6rem; text-align: start; vertical-align: top; }
code, pre { font-family: ui-monospace, monospace; direction: ltr; unicode-bidi: embed; }
pre { background: #fff; border: 1px solid #c9cdd1; padding: .75rem; overflow-x: auto; text-align: left; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
button { background: #0b5e55; color: #fff; border: 0; padding: .7rem 1.4rem; font-size: 1rem; border-radius: .3rem; cursor: pointer; }
button:focus, a:focus { outline: 3px solid #ffbf47; }
.field { margin: 1rem 0; }
.error { border-inline-start: 5px solid #b10e1e; padding-inline-start: 1rem; }
`;

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

function layout(lang: Language, heading: string, body: string, switchHref: string): string {
  const t = TEXT[lang];
  const other: Language = lang === 'ar' ? 'en' : 'ar';
  return `<!doctype html>
<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading === t.title ? t.title : `${heading} — ${t.title}`)}</title>
<link rel="stylesheet" href="/demo-rp.css">
</head>
<body>
<header><strong>${escapeHtml(t.title)}</strong> <a href="${escapeHtml(switchHref)}" lang="${other}">${escapeHtml(t.otherLanguage)}</a></header>
<main>
${body}
</main>
</body>
</html>
`;
}

const homeHref = (lang: Language) => (lang === 'en' ? '/?lang=en' : '/');

export function homePage(lang: Language, claims: readonly string[]): string {
  const t = TEXT[lang];
  const items = claims.map((claim) => `<li>${escapeHtml(labelOf(claim, lang))} <code>${escapeHtml(claim)}</code></li>`).join('\n');
  return layout(
    lang,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<p>${escapeHtml(t.asksFor)}</p>
<ul>
${items}
</ul>
<form method="post" action="/login">
<input type="hidden" name="lang" value="${lang}">
<div class="field"><input type="checkbox" id="high" name="high" value="1"> <label for="high">${escapeHtml(t.requireHigh)} (<code>${ACR.high}</code>)</label></div>
<button type="submit">${escapeHtml(t.login)}</button>
</form>`,
    homeHref(lang === 'ar' ? 'en' : 'ar'),
  );
}

export interface LoginResult {
  idTokenClaims: Record<string, unknown>;
  userinfo: Record<string, unknown>;
}

export function resultPage(lang: Language, result: LoginResult): string {
  const t = TEXT[lang];
  const { idTokenClaims, userinfo } = result;
  const released = releasedClaims(idTokenClaims, userinfo);
  const rows = released
    .map(([claim, value]) => `<tr><td><code>${escapeHtml(claim)}</code></td><td>${escapeHtml(labelOf(claim, 'ar'))}<br><span lang="en">${escapeHtml(labelOf(claim, 'en'))}</span></td><td>${escapeHtml(display(value))}</td></tr>`)
    .join('\n');
  const acr = typeof idTokenClaims.acr === 'string' ? idTokenClaims.acr : '';
  const authTime = typeof idTokenClaims.auth_time === 'number' ? idTokenClaims.auth_time : undefined;
  return layout(
    lang,
    t.loggedIn,
    `<h1>${escapeHtml(t.loggedIn)}</h1>
<dl>
<dt>${escapeHtml(t.assurance)}</dt><dd><code>${escapeHtml(acr || '—')}</code>${t.levels[acr] ? ` (${escapeHtml(t.levels[acr])})` : ''}</dd>
<dt>${escapeHtml(t.subject)}</dt><dd><code>${escapeHtml(String(idTokenClaims.sub ?? ''))}</code></dd>
<dt>${escapeHtml(t.authTime)}</dt><dd>${authTime === undefined ? '—' : `<code>${escapeHtml(new Date(authTime * 1000).toISOString())}</code> (<code>${authTime}</code>)`}</dd>
</dl>
<h2>${escapeHtml(t.released)}</h2>
${
  released.length
    ? `<table>
<thead><tr><th>${escapeHtml(t.claim)}</th><th>${escapeHtml(t.label)}</th><th>${escapeHtml(t.value)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : `<p>${escapeHtml(t.noClaims)}</p>`
}
<h2>${escapeHtml(t.idToken)}</h2>
<pre>${escapeHtml(JSON.stringify(idTokenClaims, null, 2))}</pre>
<form method="post" action="/logout">
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${escapeHtml(t.logout)}</button>
</form>`,
    homeHref(lang === 'ar' ? 'en' : 'ar'),
  );
}

export interface Failure {
  /** An OAuth error code, or one of the demo's own reasons (`no_transaction`, `provider_unreachable`, …). */
  code: string;
  /** The provider's `error_description`, shown as given (escaped). */
  description?: string;
}

export function failurePage(lang: Language, failure: Failure): string {
  const t = TEXT[lang];
  const heading = (FAILURES[failure.code] ?? { ar: 'تعذّر تسجيل الدخول', en: 'Login failed' })[lang];
  const own = REASONS[failure.code]?.[lang];
  return layout(
    lang,
    heading,
    `<div class="error">
<h1>${escapeHtml(heading)}</h1>
${own ? `<p>${escapeHtml(own)}</p>` : ''}
<dl>
<dt>${escapeHtml(t.errorCode)}</dt><dd><code>${escapeHtml(failure.code)}</code></dd>
${failure.description ? `<dt>${escapeHtml(t.errorDescription)}</dt><dd lang="en" dir="auto">${escapeHtml(failure.description)}</dd>` : ''}
</dl>
</div>
<p><a href="${homeHref(lang)}">${escapeHtml(failure.code === 'not_found' ? t.backHome : t.tryAgain)}</a></p>`,
    homeHref(lang === 'ar' ? 'en' : 'ar'),
  );
}

/** Catalogue claims first, in catalogue order, then any other non-protocol claim; userinfo wins over the ID token. */
export function releasedClaims(idTokenClaims: Record<string, unknown>, userinfo: Record<string, unknown>): Array<[string, unknown]> {
  const merged: Record<string, unknown> = {};
  for (const source of [idTokenClaims, userinfo]) {
    for (const [claim, value] of Object.entries(source)) if (!PROTOCOL_CLAIMS.has(claim) && value !== undefined) merged[claim] = value;
  }
  const catalogued = inCatalogueOrder(Object.keys(merged));
  const others = Object.keys(merged).filter((claim) => !attributeByClaim(claim)).sort();
  return [...catalogued, ...others].map((claim) => [claim, merged[claim]]);
}

export function labelOf(claim: string, lang: Language): string {
  return attributeByClaim(claim)?.label[lang] ?? claim;
}

function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { ar, en } = value as Record<string, unknown>;
    if (typeof ar === 'string' && typeof en === 'string') return `${ar} / ${en}`;
  }
  return JSON.stringify(value);
}
