import { claimsOfScope, inCatalogueOrder, requestableClaims, type Entitlement } from '@theqa/consent';

/** The OpenID Connect `claims` request parameter, as far as a login reads it. */
export interface ClaimsParameter {
  id_token?: Record<string, unknown> | null;
  userinfo?: Record<string, unknown> | null;
}

/** Claims every OpenID Provider answers that are not personal data of the catalogue. */
const PROTOCOL_CLAIMS = new Set(['sub', 'acr', 'amr', 'auth_time', 'iss', 'aud', 'exp', 'iat', 'nonce', 'azp', 'sid', 'at_hash', 'c_hash']);

/**
 * The catalogue claims a request asks for, through its scopes and its claims parameter. An attribute
 * the relying party is not entitled to refuses the whole request (ConsentError from requestableClaims):
 * it is never trimmed silently.
 */
export function requestedClaims(scope: string, claimsParameter: ClaimsParameter | undefined, entitlement: Entitlement): string[] {
  const asked = new Set<string>();
  for (const s of scope.split(' ').filter(Boolean)) for (const claim of claimsOfScope(s)) asked.add(claim);
  for (const part of [claimsParameter?.id_token, claimsParameter?.userinfo]) {
    for (const claim of Object.keys(part ?? {})) if (!PROTOCOL_CLAIMS.has(claim)) asked.add(claim);
  }
  return inCatalogueOrder(requestableClaims(asked, entitlement));
}

/**
 * The claims parameter as a request carries it (JSON text, or already parsed); undefined when absent.
 * Throws on text that is not a JSON object.
 */
export function claimsParameterOf(value: unknown): ClaimsParameter | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('the claims parameter is not a JSON object');
  return parsed as ClaimsParameter;
}

/** Every claim name a claims parameter asks for, in either member (what a grant must cover). */
export function claimNamesOf(claims: ClaimsParameter | undefined): string[] {
  return [...new Set([...Object.keys(claims?.id_token ?? {}), ...Object.keys(claims?.userinfo ?? {})])];
}
