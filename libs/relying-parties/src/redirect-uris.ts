import type { FieldProblem } from './relying-party-error';

export const MAX_REDIRECT_URIS = 10;
export const MAX_URI_LENGTH = 2000;

/** Only the characters RFC 3986 allows in a URI: no spaces, quotes or Unicode that two parsers might read differently. */
export const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** Loopback hosts, where plain http cannot leave the machine (RFC 8252 §7.3); development only. */
export const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export interface RedirectUriRules {
  allowLoopbackHttp: boolean;
}

/**
 * Checks one list of redirect URIs (login or post-logout) and returns the hosts it names. The URIs are
 * kept exactly as given, because the gateway compares them as exact strings (no prefix or wildcard
 * matching: the classic open-redirect and code-theft holes).
 */
export function checkRedirectUris(field: string, value: unknown, required: boolean, rules: RedirectUriRules, problems: FieldProblem[]): { uris: string[]; hosts: Set<string> } {
  const hosts = new Set<string>();
  if (value === undefined && !required) return { uris: [], hosts };
  if (!Array.isArray(value) || (required && value.length === 0)) {
    problems.push({ field, problem: required ? 'at least one redirect URI is required' : 'must be a list of URIs' });
    return { uris: [], hosts };
  }
  if (value.length > MAX_REDIRECT_URIS) problems.push({ field, problem: `at most ${MAX_REDIRECT_URIS} URIs (${value.length} given)` });
  const seen = new Set<string>();
  value.forEach((uri: unknown, i) => {
    const at = `${field}[${i}]`;
    const problem = uriProblem(uri, rules);
    if (problem) return problems.push({ field: at, problem });
    const text = uri as string;
    if (seen.has(text)) return problems.push({ field: at, problem: `${text} is listed twice` });
    seen.add(text);
    hosts.add(new URL(text).hostname);
  });
  return { uris: value as string[], hosts };
}

function uriProblem(uri: unknown, rules: RedirectUriRules): string | undefined {
  if (typeof uri !== 'string' || !uri) return 'must be an absolute URL';
  if (uri.length > MAX_URI_LENGTH) return `longer than ${MAX_URI_LENGTH} characters`;
  if (!URI_CHARACTERS.test(uri)) return `${JSON.stringify(uri.slice(0, 100))} has characters a URI may not contain (spaces, quotes, non-ASCII: percent-encode them)`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${uri} is not an absolute URL`;
  }
  // The fragment never reaches the server, and the response parameters must not land in one (RFC 6749 §3.1.2).
  if (uri.includes('#')) return `${uri} has a fragment (#…), which a redirect URI must not have`;
  if (url.username || url.password) return `${uri} carries user credentials`;
  // WHATWG parsers forgive `https:host/path` and upper-case schemes; the RP's string must be the plain form it will send.
  if (!/^https?:\/\/[^/]/.test(uri)) return `${uri} must start with https:// and a host`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    return rules.allowLoopbackHttp ? undefined : `${uri}: plain http, even on a loopback host, is allowed only in development; use https`;
  }
  return `${uri} must use https (http only on 127.0.0.1, [::1] or localhost, in development)`;
}
