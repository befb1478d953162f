import type { Bilingual } from '@theqa/kernel';
import { LOOPBACK_HOSTS, MAX_URI_LENGTH, URI_CHARACTERS, type RedirectUriRules } from './redirect-uris';
import type { FieldProblem } from './relying-party-error';

/**
 * The rule a JWKS URI follows, in both languages, for a form that shows it beside the field (the
 * registry's own problems are in English, naming the field `jwksUri`).
 */
export const JWKS_URI_RULE: Bilingual = {
  ar: 'عنوان مجموعة المفاتيح (JWKS) عنوان https مطلق، دون بيانات دخول ولا جزء (#)؛ http على 127.0.0.1 أو localhost في بيئة التطوير فقط. ويُعطى إما المفاتيح وإما عنوانها، لا كلاهما، ولـ private_key_jwt وحده.',
  en: 'The JWKS URI is an absolute https URL without credentials or fragment (http on 127.0.0.1 or localhost in development only); give either the keys or their URI, not both, and only for private_key_jwt.',
};

/**
 * Where a private_key_jwt RP publishes its keys. The gateway fetches it, so the same care as a
 * redirect URI and a little more: https (plain http on loopback in development only), no
 * credentials (they would be sent to every fetch and shown to every administrator), no fragment.
 * Kept exactly as given.
 */
export function checkJwksUri(field: string, value: unknown, rules: RedirectUriRules, problems: FieldProblem[]): string | undefined {
  const problem = jwksUriProblem(value, rules);
  if (problem) {
    problems.push({ field, problem });
    return undefined;
  }
  return value as string;
}

function jwksUriProblem(uri: unknown, rules: RedirectUriRules): string | undefined {
  if (typeof uri !== 'string' || !uri) return 'must be an absolute https URL';
  if (uri.length > MAX_URI_LENGTH) return `longer than ${MAX_URI_LENGTH} characters`;
  if (!URI_CHARACTERS.test(uri)) return `${JSON.stringify(uri.slice(0, 100))} has characters a URI may not contain (spaces, quotes, non-ASCII: percent-encode them)`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not an absolute URL`;
  }
  if (uri.includes('#')) return `${uri} has a fragment (#…), which a JWKS URI must not have`;
  if (url.username || url.password || /^[a-z]+:\/\/[^/]*@/i.test(uri)) return `${uri} carries user credentials`;
  if (!/^https?:\/\/[^/]/.test(uri)) return `${uri} must start with https:// and a host`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    return rules.allowLoopbackHttp ? undefined : `${uri}: plain http, even on a loopback host, is allowed only in development; use https`;
  }
  return `${uri} must use https (http only on 127.0.0.1, [::1] or localhost, in development)`;
}
