import { checkEntitlement, ConsentError } from '@theqa/consent';
import { acrOf, ACR_VALUES, isAcrValue, isAssuranceLevel, type AcrValue, type Bilingual } from '@theqa/kernel';
import { checkClientJwks } from './client-keys';
import { CLIENT_ID_PATTERN } from './client-id';
import { checkJwksUri } from './jwks-uri';
import { checkRedirectUris, type RedirectUriRules } from './redirect-uris';
import { AUTH_METHODS, type AuthMethod, type RelyingParty, type RelyingPartyInput } from './relying-party';
import { RelyingPartyError, type FieldProblem } from './relying-party-error';

/** What an administrator decides about a relying party: the record without its identity, state and dates. */
export type Registration = Pick<
  RelyingParty,
  'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'claims' | 'purpose' | 'acrValues' | 'authMethod' | 'jwks' | 'jwksUri' | 'ciba' | 'requirePushedAuthorizationRequests' | 'sectorHost'
>;

const MAX_NAME = 120;

/**
 * Checks a whole registration and either returns it normalised (names trimmed, claims in catalogue
 * order, acr values as URNs, keys reduced to their public members) or throws one `rp-invalid` error
 * listing every problem.
 */
export function validateRegistration(input: RelyingPartyInput, rules: RedirectUriRules): Registration & { clientId?: string } {
  const problems: FieldProblem[] = [];
  const given = (input ?? {}) as Partial<Record<keyof RelyingPartyInput, unknown>>;

  if (given.clientId !== undefined && (typeof given.clientId !== 'string' || !CLIENT_ID_PATTERN.test(given.clientId))) {
    problems.push({ field: 'clientId', problem: `${JSON.stringify(given.clientId)} is not a client id: 3 to 63 of a-z, 0-9 and "-", starting with a letter or digit` });
  }
  const name = checkLabel('name', given.name, problems);

  const redirect = checkRedirectUris('redirectUris', given.redirectUris, true, rules, problems);
  // Pairwise subjects are computed per sector (the redirect host): two hosts would make one RP two sectors.
  if (redirect.hosts.size > 1) problems.push({ field: 'redirectUris', problem: `all redirect URIs must be on one host (found ${[...redirect.hosts].join(', ')})` });
  const postLogout = checkRedirectUris('postLogoutRedirectUris', given.postLogoutRedirectUris, false, rules, problems);

  const { claims, purpose } = checkClaimsAndPurpose(given.claims, given.purpose, problems);
  const acrValues = checkAcrValues(given.acrValues, problems);

  const authMethod = given.authMethod as AuthMethod;
  let jwks: Registration['jwks'];
  let jwksUri: Registration['jwksUri'];
  if (!AUTH_METHODS.includes(authMethod)) {
    problems.push({ field: 'authMethod', problem: `${JSON.stringify(given.authMethod)} is not accepted: use ${AUTH_METHODS.join(' or ')}` });
  } else if (authMethod === 'private_key_jwt') {
    // Exactly one source of keys: two would leave the gateway to guess which one counts.
    if (given.jwks === undefined && given.jwksUri === undefined) problems.push({ field: 'jwks', problem: 'private_key_jwt needs the public keys (a JWK set) or the https URL where they are published (jwksUri)' });
    else if (given.jwks !== undefined && given.jwksUri !== undefined) problems.push({ field: 'jwksUri', problem: 'give either the keys (jwks) or their URL (jwksUri), not both' });
    else if (given.jwks !== undefined) jwks = checkClientJwks('jwks', given.jwks, problems);
    else jwksUri = checkJwksUri('jwksUri', given.jwksUri, rules, problems);
  } else {
    if (given.jwks !== undefined) problems.push({ field: 'jwks', problem: 'keys are only for private_key_jwt; client_secret_basic gets a secret instead' });
    if (given.jwksUri !== undefined) problems.push({ field: 'jwksUri', problem: 'a JWKS URI is only for private_key_jwt; client_secret_basic gets a secret instead' });
  }
  if (given.ciba !== undefined && typeof given.ciba !== 'boolean') problems.push({ field: 'ciba', problem: 'must be true or false' });
  if (given.requirePushedAuthorizationRequests !== undefined && typeof given.requirePushedAuthorizationRequests !== 'boolean') {
    problems.push({ field: 'requirePushedAuthorizationRequests', problem: 'must be true or false' });
  }

  // (No purpose means a problem was recorded.)
  if (problems.length || !purpose) throw RelyingPartyError.invalid(problems);
  return {
    clientId: given.clientId as string | undefined,
    name,
    redirectUris: redirect.uris,
    postLogoutRedirectUris: postLogout.uris,
    claims,
    purpose,
    acrValues,
    authMethod,
    jwks,
    jwksUri,
    ciba: given.ciba === true,
    requirePushedAuthorizationRequests: given.requirePushedAuthorizationRequests === true,
    sectorHost: [...redirect.hosts][0],
  };
}

function checkLabel(field: string, value: unknown, problems: FieldProblem[]): Bilingual {
  const label = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const result: Record<string, string> = {};
  for (const language of ['ar', 'en'] as const) {
    const text = typeof label[language] === 'string' ? (label[language] as string).trim() : '';
    // Control characters would let a name rewrite what the consent screen or a log line shows.
    if (!text) problems.push({ field: `${field}.${language}`, problem: `is required (${language === 'ar' ? 'Arabic' : 'English'})` });
    else if (text.length > MAX_NAME) problems.push({ field: `${field}.${language}`, problem: `at most ${MAX_NAME} characters (${text.length} given)` });
    else if (/\p{Cc}/u.test(text)) problems.push({ field: `${field}.${language}`, problem: 'must not contain control characters' });
    result[language] = text;
  }
  return { ar: result.ar, en: result.en };
}

/** The entitlement, checked by the consent library's own rule so the gateway and the registry never disagree. */
function checkClaimsAndPurpose(claims: unknown, purpose: unknown, problems: FieldProblem[]): { claims: string[]; purpose?: Bilingual } {
  if (!Array.isArray(claims) || claims.length === 0 || !claims.every((c) => typeof c === 'string')) {
    problems.push({ field: 'claims', problem: 'at least one claim of the attribute catalogue is required' });
    claims = [];
  }
  const attempt = (entitlementClaims: readonly string[]) => checkEntitlement({ clientId: 'registration', claims: entitlementClaims, purpose: purpose as Bilingual });
  try {
    const entitlement = attempt(claims as string[]);
    return { claims: [...entitlement.claims], purpose: trimmed(entitlement.purpose) };
  } catch (error) {
    if (!(error instanceof ConsentError)) throw error;
    if (error.code === 'purpose-invalid') {
      problems.push({ field: 'purpose', problem: error.message });
      return { claims: [] };
    }
    problems.push({ field: 'claims', problem: error.message });
  }
  // The claims were refused first; the purpose still gets its own verdict.
  try {
    return { claims: [], purpose: trimmed(attempt([]).purpose) };
  } catch (error) {
    if (!(error instanceof ConsentError)) throw error;
    problems.push({ field: 'purpose', problem: error.message });
    return { claims: [] };
  }
}

const trimmed = (label: Bilingual): Bilingual => ({ ar: label.ar.trim(), en: label.en.trim() });

function checkAcrValues(value: unknown, problems: FieldProblem[]): AcrValue[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push({ field: 'acrValues', problem: 'at least one assurance level is required (medium, high)' });
    return [];
  }
  const wanted = new Set<AcrValue>();
  for (const v of value) {
    const urn = isAcrValue(v) ? v : isAssuranceLevel(v) ? acrOf(v) : undefined;
    if (!urn) problems.push({ field: 'acrValues', problem: `${JSON.stringify(v)} is not an assurance level (medium, high, or ${ACR_VALUES.join(', ')})` });
    else wanted.add(urn);
  }
  return ACR_VALUES.filter((a) => wanted.has(a));
}
