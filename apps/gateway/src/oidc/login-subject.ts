import { ConsentError } from '@theqa/consent';
import { claimsParameterOf, requestedClaims, type ClaimsParameter, type LoginSubject } from '@theqa/login';
import type { RelyingParty } from '@theqa/relying-parties';
import { AcrRefused, requiredAssurance } from './required-assurance';

/** Why a request cannot become a login, as the OAuth error the relying party receives. */
export class LoginRequestRefused extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_scope' | 'access_denied',
    readonly description: string,
  ) {
    super(description);
  }
}

/**
 * What an authorization (or CIBA) request asks of the person, checked against the relying party's
 * registration: the claims (all entitled, or the request is refused), the purpose, and the least
 * assurance it accepts (only levels it is allowed to ask for; see requiredAssurance).
 */
export function loginSubjectOf(rp: RelyingParty, params: { scope?: unknown; claims?: unknown; acr_values?: unknown }): LoginSubject {
  const claimsParameter = parseClaims(params.claims);
  let claims: string[];
  try {
    claims = requestedClaims(typeof params.scope === 'string' ? params.scope : '', claimsParameter, { clientId: rp.clientId, claims: rp.claims, purpose: rp.purpose });
  } catch (error) {
    if (error instanceof ConsentError) throw new LoginRequestRefused(error.code === 'claim-not-entitled' && !claimsParameter ? 'invalid_scope' : 'invalid_request', error.message);
    throw error;
  }
  let acr;
  try {
    acr = requiredAssurance(rp, params.acr_values, claimsParameter);
  } catch (error) {
    if (error instanceof AcrRefused) throw new LoginRequestRefused('invalid_request', error.message);
    throw error;
  }
  return { clientId: rp.clientId, relyingParty: rp.name, claims, purpose: rp.purpose, acr };
}

function parseClaims(claims: unknown): ClaimsParameter | undefined {
  try {
    return claimsParameterOf(claims);
  } catch {
    throw new LoginRequestRefused('invalid_request', 'the claims parameter is not a JSON object');
  }
}
