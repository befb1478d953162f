import { ATTRIBUTE_CATALOGUE } from '@theqa/consent';
import { assuranceOfAcr, type Bilingual, type Language } from '@theqa/kernel';
import type { DailyLogins, RelyingParty } from '@theqa/relying-parties';
import { csrfField, dateTime, escapeHtml, ltr, notice, t, table } from '../pages/html';
import { layout, type PageContext } from '../pages/layout';
import type { FormErrors, FormField, OnboardingValues } from './onboarding-form';

type Context = PageContext & { session: NonNullable<PageContext['session']> };

const LEVELS: Record<string, Bilingual> = {
  medium: { ar: 'متوسط', en: 'Medium' },
  high: { ar: 'مرتفع', en: 'High' },
};

/** What a JWKS URI means for the party, said beside the field and on its page. */
const FROM_JWKS_URI: Bilingual = {
  ar: 'تقرأ البوابة مفاتيح الجهة من هذا العنوان عند كل دخول (وتحفظها مدة قصيرة)، فتبدّل الجهة مفاتيحها بنشرها عليه دون تعديل هنا.',
  en: "The gateway reads the party's keys from this address at each login (keeping them a short while), so the party rotates its keys by publishing them there, without an edit here.",
};

const AUTH_METHODS: Record<string, Bilingual> = {
  client_secret_basic: { ar: 'سرّ العميل (client_secret_basic)', en: 'Client secret (client_secret_basic)' },
  private_key_jwt: { ar: 'مفاتيح الجهة (private_key_jwt)', en: "The party's keys (private_key_jwt)" },
};

const status = (rp: RelyingParty, lang: Language): string =>
  rp.status === 'active'
    ? `<span class="badge good" data-testid="rp-status" data-status="active">${t({ ar: 'فعّالة', en: 'Active' }, lang)}</span>`
    : `<span class="badge bad" data-testid="rp-status" data-status="disabled">${t({ ar: 'معطّلة', en: 'Disabled' }, lang)}</span>`;

const levels = (rp: RelyingParty, lang: Language): string => rp.acrValues.map((acr) => t(LEVELS[assuranceOfAcr(acr) ?? ''] ?? { ar: acr, en: acr }, lang)).join('، ');

const authMethod = (rp: RelyingParty, lang: Language): string => t(AUTH_METHODS[rp.authMethod] ?? { ar: rp.authMethod, en: rp.authMethod }, lang);

/** Every relying party: names in both languages, client id, status, how it authenticates. */
export function relyingPartiesPage(context: Context, parties: RelyingParty[], options: { mayOnboard: boolean }): string {
  const { lang } = context;
  return layout(context, {
    title: { ar: 'الجهات المعتمدة', en: 'Relying parties' },
    body: `<p>${t({ ar: 'البوابات والخدمات التي تُدخل المواطنين عبر ثقة: من هي، وأين تعود عمليات الدخول، وما الصفات التي يحق لها طلبها.', en: 'The portals and services that log citizens in through Theqa: who they are, where logins return, and which attributes they may ask for.' }, lang)}</p>
${options.mayOnboard ? `<p><a href="/admin/relying-parties/new" data-testid="onboard-link">${t({ ar: 'تسجيل جهة معتمدة جديدة', en: 'Onboard a relying party' }, lang)}</a></p>` : ''}
${table(lang, {
  caption: { ar: 'الجهات المعتمدة المسجّلة', en: 'Registered relying parties' },
  columns: [
    { ar: 'الاسم بالعربية', en: 'Name (Arabic)' },
    { ar: 'الاسم بالإنجليزية', en: 'Name (English)' },
    { ar: 'معرّف العميل', en: 'Client id' },
    { ar: 'الحالة', en: 'Status' },
    { ar: 'طريقة المصادقة', en: 'Authentication' },
  ],
  rows: parties.map((rp) => [
    `<span lang="ar" dir="rtl">${escapeHtml(rp.name.ar)}</span>`,
    `<span lang="en" dir="ltr">${escapeHtml(rp.name.en)}</span>`,
    `<a href="/admin/relying-parties/${encodeURIComponent(rp.clientId)}" data-testid="rp-link">${ltr(rp.clientId)}</a>`,
    status(rp, lang),
    authMethod(rp, lang),
  ]),
  empty: { ar: 'لا توجد جهات معتمدة بعد.', en: 'No relying party yet.' },
  testId: 'relying-parties',
})}`,
  });
}

/** What the page says after an action, by the `?done=` it was sent back with. */
export const RP_DONE: Record<string, { text: Bilingual; kind: 'success' | 'warning' }> = {
  disabled: { text: { ar: 'عُطّلت الجهة: لم تعد عمليات الدخول إليها ممكنة.', en: 'Disabled: logins to it are no longer possible.' }, kind: 'success' },
  proposed: { text: { ar: 'قُدّم طلب التعطيل: لا يسري إلا بعد موافقة مسؤول ثانٍ في صفحة طلبات الموافقة.', en: 'Disabling was proposed: it takes effect only once a second administrator approves it on the approvals page.' }, kind: 'warning' },
};

export interface RelyingPartyActions {
  mayDisable: boolean;
  disableNeedsFourEyes: boolean;
  mayRotate: boolean;
  mayEdit: boolean;
  /** A proposal to disable it waits for a second administrator. */
  disablePending: boolean;
}

/** One relying party in full, with what this officer may do to it. */
export function relyingPartyPage(context: Context, rp: RelyingParty, actions: RelyingPartyActions, logins: DailyLogins[], message?: { text: Bilingual; kind: 'success' | 'warning' }, secret?: { value: string; why: SecretWhy }): string {
  const { lang, session } = context;
  const fact = (label: Bilingual, value: string, testId?: string) => `<dt>${t(label, lang)}</dt><dd${testId ? ` data-testid="${testId}"` : ''}>${value}</dd>`;
  const list = (values: string[]) => (values.length ? `<ul class="details">${values.map((v) => `<li>${ltr(v)}</li>`).join('')}</ul>` : '—');
  const keys = rp.jwks?.keys.map((k) => `${k.kid} (${k.kty}${k.crv ? ` ${k.crv}` : ''})`) ?? [];
  const active = rp.status === 'active';
  const forms: string[] = [];
  if (active && actions.mayRotate && rp.authMethod === 'client_secret_basic') {
    forms.push(`<form method="post" action="/admin/relying-parties/${encodeURIComponent(rp.clientId)}/rotate-secret">${csrfField(session.csrfToken)}
<button type="submit" data-testid="rotate-secret">${t({ ar: 'تجديد سرّ العميل', en: 'Rotate the client secret' }, lang)}</button></form>`);
  }
  if (active && actions.mayDisable && !actions.disablePending) {
    forms.push(`<form method="post" action="/admin/relying-parties/${encodeURIComponent(rp.clientId)}/disable">${csrfField(session.csrfToken)}
<button type="submit" class="danger" data-testid="disable">${t({ ar: 'تعطيل الجهة', en: 'Disable the relying party' }, lang)}</button></form>`);
  }
  const warnings = [
    active && actions.mayRotate && rp.authMethod === 'client_secret_basic'
      ? t({ ar: 'تجديد السرّ يُبطل السرّ الحالي فوراً، ويُعرض السرّ الجديد مرة واحدة.', en: 'Rotating voids the current secret at once; the new one is shown once.' }, lang)
      : '',
    active && actions.disablePending
      ? `<span data-testid="disable-pending">${t({ ar: 'طلب تعطيل هذه الجهة ينتظر موافقة مسؤول ثانٍ في صفحة طلبات الموافقة.', en: 'A proposal to disable this party waits for a second administrator on the approvals page.' }, lang)}</span> <a href="/admin/approvals">${t({ ar: 'طلبات الموافقة', en: 'Approvals' }, lang)}</a>`
      : '',
    active && actions.mayDisable && !actions.disablePending
      ? t(
          actions.disableNeedsFourEyes
            ? { ar: 'التعطيل نهائي لهذا المعرّف، ويحتاج موافقة مسؤول ثانٍ قبل أن يسري.', en: 'Disabling is final for this client id, and needs a second administrator’s approval before it takes effect.' }
            : { ar: 'التعطيل نهائي لهذا المعرّف ويسري فوراً.', en: 'Disabling is final for this client id and takes effect at once.' },
          lang,
        )
      : '',
  ].filter(Boolean);
  return layout(context, {
    title: { ar: `الجهة المعتمدة: ${rp.name.ar}`, en: `Relying party: ${rp.name.en}` },
    body: `${message ? notice(lang, message.text, message.kind) : ''}${secret ? secretNotice(lang, rp, secret) : ''}
<dl class="facts" data-testid="relying-party">
${fact({ ar: 'معرّف العميل', en: 'Client id' }, ltr(rp.clientId), 'client-id')}
${fact({ ar: 'الحالة', en: 'Status' }, `${status(rp, lang)}${rp.disabledAt ? ` ${dateTime(rp.disabledAt, lang)}` : ''}`)}
${fact({ ar: 'الاسم بالعربية', en: 'Name (Arabic)' }, `<span lang="ar" dir="rtl">${escapeHtml(rp.name.ar)}</span>`)}
${fact({ ar: 'الاسم بالإنجليزية', en: 'Name (English)' }, `<span lang="en" dir="ltr">${escapeHtml(rp.name.en)}</span>`)}
${fact({ ar: 'عناوين إعادة التوجيه', en: 'Redirect URIs' }, list(rp.redirectUris))}
${fact({ ar: 'عناوين ما بعد الخروج', en: 'Post-logout redirect URIs' }, list(rp.postLogoutRedirectUris))}
${fact({ ar: 'الصفات المخوّلة', en: 'Entitled attributes' }, `<ul class="details" data-testid="claims">${rp.claims.map((c) => `<li data-claim="${escapeHtml(c)}">${t(ATTRIBUTE_CATALOGUE.find((a) => a.claim === c)?.label ?? { ar: c, en: c }, lang)}</li>`).join('')}</ul>`)}
${fact({ ar: 'الغرض بالعربية', en: 'Purpose (Arabic)' }, `<span lang="ar" dir="rtl">${escapeHtml(rp.purpose.ar)}</span>`)}
${fact({ ar: 'الغرض بالإنجليزية', en: 'Purpose (English)' }, `<span lang="en" dir="ltr">${escapeHtml(rp.purpose.en)}</span>`)}
${fact({ ar: 'مستويات الضمان المسموحة', en: 'Allowed assurance levels' }, levels(rp, lang))}
${fact({ ar: 'طريقة المصادقة', en: 'Authentication' }, authMethod(rp, lang), 'auth-method')}
${rp.authMethod !== 'private_key_jwt' ? fact({ ar: 'جيل السرّ', en: 'Secret generation' }, ltr(rp.secretGeneration ?? '—'), 'secret-generation') : rp.jwksUri ? fact({ ar: 'عنوان المفاتيح (JWKS)', en: 'JWKS URI' }, `${ltr(rp.jwksUri)}<p class="hint">${t(FROM_JWKS_URI, lang)}</p>`, 'jwks-uri') : fact({ ar: 'المفاتيح العامة', en: 'Public keys' }, list(keys), 'public-keys')}
${fact({ ar: 'الدخول المنفصل (CIBA)', en: 'Decoupled login (CIBA)' }, t(rp.ciba ? { ar: 'مسموح', en: 'Allowed' } : { ar: 'لا', en: 'No' }, lang))}
${fact({ ar: 'الطلبات المدفوعة (PAR)', en: 'Pushed requests (PAR)' }, t(rp.requirePushedAuthorizationRequests ? { ar: 'إلزامية', en: 'Required' } : { ar: 'اختيارية', en: 'Optional' }, lang))}
${fact({ ar: 'سُجّلت في', en: 'Registered' }, dateTime(rp.createdAt, lang))}
${fact({ ar: 'عُدّلت في', en: 'Updated' }, dateTime(rp.updatedAt, lang))}
</dl>
${active && actions.mayEdit ? `<p><a href="/admin/relying-parties/${encodeURIComponent(rp.clientId)}/edit" data-testid="edit-link">${t({ ar: 'تعديل الجهة', en: 'Edit the relying party' }, lang)}</a></p>` : ''}
<h2>${t({ ar: 'عمليات الدخول في الأيام الأخيرة', en: 'Logins of the last days' }, lang)}</h2>
${table(lang, {
  caption: { ar: 'عمليات الدخول الموافق عليها في كل يوم (بتوقيت مسقط)', en: 'Approved logins per day (Muscat time)' },
  columns: [{ ar: 'اليوم', en: 'Day' }, { ar: 'عمليات الدخول', en: 'Logins' }],
  rows: logins.map((d) => [`<time datetime="${escapeHtml(d.day)}">${ltr(d.day)}</time>`, `<span data-testid="logins-${escapeHtml(d.day)}">${escapeHtml(d.logins.toLocaleString(lang === 'ar' ? 'ar-OM' : 'en-GB'))}</span>`]),
  empty: { ar: 'لا أرقام.', en: 'No figures.' },
  testId: 'logins-per-day',
})}
${forms.length || warnings.length ? `<h2>${t({ ar: 'الإجراءات', en: 'Actions' }, lang)}</h2>${warnings.map((w) => `<p>${w}</p>`).join('')}<div class="actions">${forms.join('')}</div>` : ''}
<p><a href="/admin/relying-parties">${t({ ar: 'كل الجهات المعتمدة', en: 'All relying parties' }, lang)}</a></p>`,
  });
}

const SECRET_WHY: Record<'onboarded' | 'rotated' | 'edited', Bilingual> = {
  onboarded: { ar: 'سُجّلت الجهة المعتمدة.', en: 'The relying party is onboarded.' },
  rotated: { ar: 'جُدّد سرّ العميل؛ السرّ السابق لم يعد صالحاً.', en: 'The client secret was rotated; the previous one no longer works.' },
  edited: { ar: 'عُدّلت الجهة، وصارت تستعمل سرّ العميل.', en: 'The relying party was edited, and now uses a client secret.' },
};

export type SecretWhy = 'onboarded' | 'rotated' | 'edited';

function secretNotice(lang: Language, rp: RelyingParty, secret: { value: string; why: SecretWhy }): string {
  return `<div class="notice success secret" role="status" data-testid="client-secret-notice">
<p>${t(SECRET_WHY[secret.why], lang)}</p>
<p><strong>${t({ ar: 'سرّ العميل — يُعرض هذه المرة فقط ولا يُخزَّن: سلّمه للجهة الآن بطريقة آمنة.', en: 'The client secret — shown this once and never stored: hand it to the party now, securely.' }, lang)}</strong></p>
<p>${t({ ar: 'معرّف العميل', en: 'Client id' }, lang)}: <code dir="ltr" data-testid="new-client-id">${escapeHtml(rp.clientId)}</code></p>
<p>${t({ ar: 'السرّ', en: 'Secret' }, lang)}: <code dir="ltr" data-testid="client-secret">${escapeHtml(secret.value)}</code></p>
</div>`;
}

/** The onboarding form: every field of `npx theqa rp register`, the values kept and each refusal beside its field. */
export function onboardPage(context: Context, values: OnboardingValues, errors: FormErrors = {}, proposed?: boolean, editing?: RelyingParty): string {
  const { lang, session } = context;
  const action = editing ? `/admin/relying-parties/${encodeURIComponent(editing.clientId)}/edit` : '/admin/relying-parties';
  const count = Object.keys(errors).length;
  const error = (name: string) => {
    const e = errors[name as FormField];
    if (!e) return '';
    return `<div class="field-error" id="${name}-error" data-testid="error-${name}"><p lang="ar" dir="rtl">${escapeHtml(e.ar)}</p>${e.en.map((line) => `<p lang="en" dir="ltr">${escapeHtml(line)}</p>`).join('')}</div>`;
  };
  const described = (name: string, hint?: string) => {
    const invalid = errors[name as FormField] !== undefined;
    const ids = [hint, invalid ? `${name}-error` : undefined].filter(Boolean);
    return `${ids.length ? ` aria-describedby="${ids.join(' ')}"` : ''}${invalid ? ' aria-invalid="true"' : ''}`;
  };
  const input = (name: string, label: Bilingual, value: string, options: { dir?: 'ltr' | 'rtl'; hint?: Bilingual; required?: boolean } = {}) => `<div class="field">
<label for="${name}">${t(label, lang)}</label>
${options.hint ? `<p class="hint" id="${name}-hint">${t(options.hint, lang)}</p>` : ''}
${error(name)}<input type="text" id="${name}" name="${name}" value="${escapeHtml(value)}"${options.dir ? ` dir="${options.dir}"` : ''}${options.required ? ' required' : ''}${described(name, options.hint ? `${name}-hint` : undefined)}>
</div>`;
  const area = (name: FormField, label: Bilingual, value: string, hint: Bilingual, rows = 3) => `<div class="field">
<label for="${name}">${t(label, lang)}</label>
<p class="hint" id="${name}-hint">${t(hint, lang)}</p>
${error(name)}<textarea id="${name}" name="${name}" rows="${rows}" dir="ltr"${described(name, `${name}-hint`)}>${escapeHtml(value)}</textarea>
</div>`;
  const checkbox = (name: string, value: string, id: string, label: string, checked: boolean) =>
    `<li><input type="checkbox" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked ? ' checked' : ''}> <label for="${id}">${label}</label></li>`;
  const radio = (value: string, label: Bilingual) =>
    `<li><input type="radio" id="auth-${value}" name="auth_method" value="${value}"${values.authMethod === value ? ' checked' : ''}> <label for="auth-${value}">${t(label, lang)}</label></li>`;
  return layout(context, {
    title: editing ? { ar: `تعديل الجهة المعتمدة: ${editing.name.ar}`, en: `Edit the relying party: ${editing.name.en}` } : { ar: 'تسجيل جهة معتمدة', en: 'Onboard a relying party' },
    body: `${proposed ? notice(lang, { ar: 'قُدّم طلب التسجيل: يسري بعد موافقة مسؤول ثانٍ. إن كانت الجهة تستعمل سرّ العميل فجدّده بعد الموافقة لتحصل عليه.', en: 'The onboarding was proposed: it takes effect once a second administrator approves. If the party uses a client secret, rotate it after the approval to get one.' }, 'warning') : ''}
${count ? `<div class="notice warning" role="alert" data-testid="form-errors"><p lang="ar" dir="rtl">${editing ? 'لم يتغيّر شيء' : 'لم تُسجَّل الجهة'}: صحّح الحقول المشار إليها أدناه.</p><p lang="en" dir="ltr">${editing ? 'Nothing was changed' : 'Nothing was registered'}: correct the fields marked below.</p></div>` : ''}
<p>${t({ ar: 'القواعد نفسها التي يطبّقها الأمر npx theqa rp register، عبر السجل نفسه. يُسجَّل الإجراء في سجل التدقيق باسمك.', en: 'The same rules as npx theqa rp register, through the same registry. The action is written to the audit log in your name.' }, lang)}</p>
<form method="post" action="${escapeHtml(action)}" class="onboard" novalidate>${csrfField(session.csrfToken)}
${editing ? `<p>${t({ ar: 'معرّف العميل (لا يتغيّر)', en: 'Client id (it does not change)' }, lang)}: ${ltr(editing.clientId)}</p>` : input('client_id', { ar: 'معرّف العميل (اختياري)', en: 'Client id (optional)' }, values.clientId, { dir: 'ltr', hint: { ar: 'يُنشأ تلقائياً إن تُرك فارغاً.', en: 'Made for you when left empty.' } })}
${input('name_ar', { ar: 'الاسم بالعربية', en: 'Name in Arabic' }, values.nameAr, { dir: 'rtl', required: true })}
${input('name_en', { ar: 'الاسم بالإنجليزية', en: 'Name in English' }, values.nameEn, { dir: 'ltr', required: true })}
${area('redirect_uris', { ar: 'عناوين إعادة التوجيه', en: 'Redirect URIs' }, values.redirectUris, { ar: 'عنوان في كل سطر، يُطابَق حرفياً؛ كلها على مضيف واحد.', en: 'One per line, matched exactly; all on one host.' })}
${area('post_logout_redirect_uris', { ar: 'عناوين ما بعد الخروج (اختيارية)', en: 'Post-logout redirect URIs (optional)' }, values.postLogoutRedirectUris, { ar: 'عنوان في كل سطر.', en: 'One per line.' }, 2)}
<fieldset><legend>${t({ ar: 'الصفات المخوّلة من فهرس الصفات', en: 'Entitled attributes, from the attribute catalogue' }, lang)}</legend>
${error('claims')}<ul class="choices columns">${ATTRIBUTE_CATALOGUE.map((a) => checkbox('claims', a.claim, `claim-${a.claim}`, `${t(a.label, lang)} <span class="claim-name" lang="en" dir="ltr">${escapeHtml(a.claim)}</span>`, values.claims.includes(a.claim))).join('\n')}</ul>
</fieldset>
<fieldset><legend>${t({ ar: 'الغرض (يُعرض على المواطن في شاشة الموافقة)', en: 'Purpose (shown to the citizen on the consent screen)' }, lang)}</legend>
${error('purpose')}${input('purpose_ar', { ar: 'الغرض بالعربية', en: 'Purpose in Arabic' }, values.purposeAr, { dir: 'rtl' })}
${input('purpose_en', { ar: 'الغرض بالإنجليزية', en: 'Purpose in English' }, values.purposeEn, { dir: 'ltr' })}
</fieldset>
<fieldset><legend>${t({ ar: 'مستويات الضمان التي يحق لها طلبها', en: 'Assurance levels it may ask for' }, lang)}</legend>
${error('acr')}<ul class="choices">${['medium', 'high'].map((level) => checkbox('acr', level, `acr-${level}`, t(LEVELS[level], lang), values.acr.includes(level))).join('')}</ul>
</fieldset>
<fieldset><legend>${t({ ar: 'طريقة مصادقة الجهة', en: 'How the party authenticates' }, lang)}</legend>
${error('auth_method')}<ul class="choices">${radio('client_secret_basic', { ar: 'سرّ العميل (client_secret_basic): يُعرض مرة واحدة بعد التسجيل', en: 'A client secret (client_secret_basic): shown once after onboarding' })}
${radio('private_key_jwt', { ar: 'مفاتيح الجهة (private_key_jwt): المفاتيح العامة أدناه، أو عنوان JWKS', en: "The party's keys (private_key_jwt): the public keys below, or a JWKS URI" })}</ul>
${area('jwks', { ar: 'المفاتيح العامة (JWKS)', en: 'Public keys (JWKS)' }, values.jwks, { ar: 'الصق مجموعة JWK ‏{"keys": [...]} أو مفتاحاً واحداً؛ المفاتيح العامة فقط.', en: 'Paste a JWK set {"keys": [...]} or one JWK; public keys only.' }, 5)}
${input('jwks_uri', { ar: 'أو عنوان JWKS', en: 'Or a JWKS URI' }, values.jwksUri, { dir: 'ltr', hint: { ar: `${FROM_JWKS_URI.ar} اترك المفاتيح أعلاه فارغة عند ذكر العنوان.`, en: `${FROM_JWKS_URI.en} Leave the keys above empty when you give it.` } })}
</fieldset>
<fieldset><legend>${t({ ar: 'خيارات', en: 'Options' }, lang)}</legend>
${error('ciba')}${error('require_par')}<ul class="choices">${checkbox('ciba', 'on', 'ciba', t({ ar: 'السماح بالدخول المنفصل (CIBA)', en: 'Allow decoupled login (CIBA)' }, lang), values.ciba)}
${checkbox('require_par', 'on', 'require_par', t({ ar: 'قبول طلبات الدخول عبر PAR فقط', en: 'Accept its login requests through PAR only' }, lang), values.requirePar)}</ul>
</fieldset>
<button type="submit" data-testid="onboard">${t(editing ? { ar: 'حفظ التعديلات', en: 'Save the changes' } : { ar: 'تسجيل الجهة', en: 'Onboard' }, lang)}</button>
</form>
<p><a href="/admin/relying-parties">${t({ ar: 'كل الجهات المعتمدة', en: 'All relying parties' }, lang)}</a></p>`,
  });
}

/** The relying-party section when the platform offers none (a console without the registry wired). */
export function unavailablePage(context: Context): string {
  return layout(context, {
    title: { ar: 'الجهات المعتمدة', en: 'Relying parties' },
    body: `<p data-testid="rp-unavailable">${t({ ar: 'سجل الجهات المعتمدة غير متاح في هذه المنصة الآن.', en: 'The register of relying parties is not available on this platform now.' }, context.lang)}</p>`,
  });
}

/** A client id the register does not hold. */
export function unknownPartyPage(context: Context, clientId: string): string {
  return layout(context, {
    title: { ar: 'جهة غير موجودة', en: 'No such relying party' },
    body: `<p data-testid="rp-unknown">${t({ ar: 'لا توجد جهة معتمدة بمعرّف العميل هذا:', en: 'There is no relying party with this client id:' }, context.lang)} ${ltr(clientId)}</p>
<p><a href="/admin/relying-parties">${t({ ar: 'كل الجهات المعتمدة', en: 'All relying parties' }, context.lang)}</a></p>`,
  });
}
