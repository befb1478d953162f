import type { Request } from 'express';
import { assuranceOfAcr } from '@theqa/kernel';
import { JWKS_URI_RULE, type FieldProblem, type RelyingParty, type RelyingPartyChanges, type RelyingPartyInput } from '@theqa/relying-parties';

/** The onboarding form as the administrator filled it in: every value kept, to be shown again when refused. */
export interface OnboardingValues {
  clientId: string;
  nameAr: string;
  nameEn: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  claims: string[];
  purposeAr: string;
  purposeEn: string;
  acr: string[];
  authMethod: string;
  jwks: string;
  jwksUri: string;
  ciba: boolean;
  requirePar: boolean;
}

/** The form's fields, as named in its HTML; a refusal is shown beside the field it is about. */
export type FormField =
  | 'client_id'
  | 'name_ar'
  | 'name_en'
  | 'redirect_uris'
  | 'post_logout_redirect_uris'
  | 'claims'
  | 'purpose'
  | 'acr'
  | 'auth_method'
  | 'jwks'
  | 'jwks_uri'
  | 'ciba'
  | 'require_par';

/** What is wrong with one field: the rule in Arabic, the registry's own words (the CLI's) in English. */
export type FormErrors = Partial<Record<FormField, { ar: string; en: string[] }>>;

export const EMPTY_ONBOARDING: OnboardingValues = {
  clientId: '',
  nameAr: '',
  nameEn: '',
  redirectUris: '',
  postLogoutRedirectUris: '',
  claims: [],
  purposeAr: '',
  purposeEn: '',
  acr: ['high'],
  authMethod: 'client_secret_basic',
  jwks: '',
  jwksUri: '',
  ciba: false,
  requirePar: false,
};

const text = (req: Request, name: string): string => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};
/** A field that may repeat (checkboxes): every string value of it. */
const texts = (req: Request, name: string): string[] => {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
};
const lines = (value: string): string[] =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export function onboardingValues(req: Request): OnboardingValues {
  return {
    clientId: text(req, 'client_id').trim(),
    nameAr: text(req, 'name_ar'),
    nameEn: text(req, 'name_en'),
    redirectUris: text(req, 'redirect_uris'),
    postLogoutRedirectUris: text(req, 'post_logout_redirect_uris'),
    claims: texts(req, 'claims'),
    purposeAr: text(req, 'purpose_ar'),
    purposeEn: text(req, 'purpose_en'),
    acr: texts(req, 'acr'),
    authMethod: text(req, 'auth_method'),
    jwks: text(req, 'jwks').trim(),
    jwksUri: text(req, 'jwks_uri').trim(),
    ciba: text(req, 'ciba') === 'on',
    requirePar: text(req, 'require_par') === 'on',
  };
}

/**
 * The registry's input, as `npx theqa rp register` builds it from its flags (one JWK on its own is
 * accepted as a set of one, as there). The keys pasted, or the JWKS URI where the party publishes them:
 * which of the two (exactly one, for private_key_jwt only) is the registry's to decide.
 */
export function registrationInput(values: OnboardingValues, jwks: unknown): RelyingPartyInput {
  return {
    clientId: values.clientId || undefined,
    name: { ar: values.nameAr, en: values.nameEn },
    redirectUris: lines(values.redirectUris),
    postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
    claims: values.claims,
    purpose: { ar: values.purposeAr, en: values.purposeEn },
    acrValues: values.acr,
    authMethod: values.authMethod,
    jwks: jwks === undefined ? undefined : ((jwks && typeof jwks === 'object' && 'kty' in jwks ? { keys: [jwks] } : jwks) as RelyingPartyInput['jwks']),
    jwksUri: values.jwksUri || undefined,
    ciba: values.ciba,
    requirePushedAuthorizationRequests: values.requirePar,
  };
}

/** A registered party as the edit form shows it. */
export function valuesOf(rp: RelyingParty): OnboardingValues {
  return {
    clientId: rp.clientId,
    nameAr: rp.name.ar,
    nameEn: rp.name.en,
    redirectUris: rp.redirectUris.join('\n'),
    postLogoutRedirectUris: rp.postLogoutRedirectUris.join('\n'),
    claims: [...rp.claims],
    purposeAr: rp.purpose.ar,
    purposeEn: rp.purpose.en,
    acr: rp.acrValues.map((acr) => assuranceOfAcr(acr) ?? acr),
    authMethod: rp.authMethod,
    jwks: rp.jwks ? JSON.stringify(rp.jwks, null, 2) : '',
    jwksUri: rp.jwksUri ?? '',
    ciba: rp.ciba,
    requirePar: rp.requirePushedAuthorizationRequests,
  };
}

/** The edit form's changes: every field as the form has it (the registry validates the whole as a registration). */
export function changesOf(values: OnboardingValues, jwks: unknown): RelyingPartyChanges {
  const { clientId: _fixed, ...changes } = registrationInput(values, jwks);
  return changes;
}

/** The pasted JWKS as JSON, or what is wrong with it. */
export function pastedJwks(values: OnboardingValues): { jwks?: unknown; error?: FieldProblem } {
  if (!values.jwks) return {};
  try {
    return { jwks: JSON.parse(values.jwks) as unknown };
  } catch {
    return { error: { field: 'jwks', problem: 'is not JSON: paste a JWK set {"keys": [...]} or one JWK' } };
  }
}

/** Each form field's rule, in Arabic: the registry's rules (libs/relying-parties README). */
const RULES: Record<FormField, string> = {
  client_id: 'معرّف العميل غير مقبول: من 3 إلى 63 حرفاً من a-z و0-9 و«-»، يبدأ بحرف أو رقم، ولا تستعمله جهة أخرى. اتركه فارغاً ليُنشأ تلقائياً.',
  name_ar: 'الاسم بالعربية مطلوب، حتى 120 حرفاً، دون محارف تحكّم.',
  name_en: 'الاسم بالإنجليزية مطلوب، حتى 120 حرفاً، دون محارف تحكّم.',
  redirect_uris: 'عناوين إعادة التوجيه: من عنوان إلى عشرة، عنوان مطلق في كل سطر، https فقط، دون جزء (#) ولا بيانات دخول، دون تكرار، وكلها على مضيف واحد.',
  post_logout_redirect_uris: 'عناوين ما بعد الخروج: حتى عشرة، عنوان مطلق في كل سطر، https فقط، دون جزء (#) ولا بيانات دخول، دون تكرار.',
  claims: 'اختر صفة واحدة على الأقل من فهرس الصفات.',
  purpose: 'الغرض مطلوب بالعربية والإنجليزية: يُعرض على المواطن في شاشة الموافقة.',
  acr: 'اختر مستوى ضمان واحداً على الأقل: متوسط أو مرتفع.',
  auth_method: 'اختر طريقة مصادقة الجهة: client_secret_basic أو private_key_jwt.',
  jwks: 'المفاتيح العامة غير مقبولة: مجموعة JWK من مفتاح إلى خمسة مفاتيح عامة (EC P-256 أو P-384، أو RSA بطول 2048 بت على الأقل)، لكل منها معرّف kid فريد، دون أي جزء خاص. وهي لطريقة private_key_jwt وحدها.',
  jwks_uri: JWKS_URI_RULE.ar,
  ciba: 'قيمة غير صالحة.',
  require_par: 'قيمة غير صالحة.',
};

/** Which form field a problem of the registry is about (`redirectUris[1]` → redirect_uris). */
function formFieldOf(field: string): FormField {
  const base = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  switch (base) {
    case 'clientId':
      return 'client_id';
    case 'name':
      return field.endsWith('.en') ? 'name_en' : 'name_ar';
    case 'redirectUris':
      return 'redirect_uris';
    case 'postLogoutRedirectUris':
      return 'post_logout_redirect_uris';
    case 'claims':
      return 'claims';
    case 'purpose':
      return 'purpose';
    case 'acrValues':
      return 'acr';
    case 'authMethod':
      return 'auth_method';
    case 'jwks':
      return 'jwks';
    case 'jwksUri':
      return 'jwks_uri';
    case 'ciba':
      return 'ciba';
    default:
      return 'require_par';
  }
}

/** `redirectUris[1]` → "redirect URI #2", for the English line (the registry names fields as its input does). */
function englishField(field: string): string {
  const match = /^(\w+)(?:\.(ar|en))?(?:\[(\d+)\])?(?:\.keys(?:\[(\d+)\])?)?$/.exec(field);
  if (!match) return field;
  const [, base, language, index, key] = match;
  const names: Record<string, string> = {
    clientId: 'Client id',
    name: 'Name',
    redirectUris: 'Redirect URI',
    postLogoutRedirectUris: 'Post-logout redirect URI',
    claims: 'Attributes',
    purpose: 'Purpose',
    acrValues: 'Assurance levels',
    authMethod: 'Authentication',
    jwks: 'Public keys',
    jwksUri: 'JWKS URI',
    ciba: 'CIBA',
    requirePushedAuthorizationRequests: 'PAR',
  };
  let name = names[base] ?? base;
  if (language) name += ` (${language === 'ar' ? 'Arabic' : 'English'})`;
  if (index !== undefined) name += ` #${Number(index) + 1}`;
  if (key !== undefined) name += `, key #${Number(key) + 1}`;
  return name;
}

/**
 * Fields whose rule the registry also words in English (`JWKS_URI_RULE`): shown after its problems, since
 * "not both" and "https only" are easier to act on as the rule than as the one failed check.
 */
const ENGLISH_RULES: Partial<Record<FormField, string>> = { jwks_uri: JWKS_URI_RULE.en };

/** The registry's problems, each beside its field: the rule in Arabic, the registry's words in English. */
export function formErrors(problems: readonly FieldProblem[], arabic: Partial<Record<FormField, string>> = {}): FormErrors {
  const errors: FormErrors = {};
  for (const problem of problems) {
    const at = formFieldOf(problem.field);
    const entry = (errors[at] ??= { ar: arabic[at] ?? RULES[at], en: [] });
    entry.en.push(`${englishField(problem.field)}: ${problem.problem}`);
  }
  for (const [field, rule] of Object.entries(ENGLISH_RULES) as Array<[FormField, string]>) errors[field]?.en.push(rule);
  return errors;
}
