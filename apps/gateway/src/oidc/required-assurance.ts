import { ACR_VALUES, acrOf, assuranceOfAcr, lowest, satisfies, type AcrValue, type AssuranceLevel } from '@theqa/kernel';
import type { ClaimsParameter } from '@theqa/login';
import type { RelyingParty } from '@theqa/relying-parties';

/** A request's acr asks for something the gateway cannot or may not give: an invalid request. */
export class AcrRefused extends Error {}

/**
 * The least assurance a login must reach: the strictest of what `acr_values` and an essential `acr`
 * in the claims parameter ask (each only among the levels the relying party is registered for), or,
 * when neither asks, the lowest level it is registered for. oidc-provider fills `acr_values` from
 * the client's default_acr_values and then lets it replace the claims parameter's acr, so the gateway
 * registers no default and reads the request itself.
 */
export function requiredAssurance(rp: RelyingParty, acrValues: unknown, claims: ClaimsParameter | undefined): AssuranceLevel {
  const allowed = rp.acrValues.map((a) => assuranceOfAcr(a)).filter((a): a is AssuranceLevel => a !== undefined);
  const asked = [acrValuesRequirement(rp, allowed, acrValues), essentialAcrRequirement(rp, allowed, claims)].filter((a): a is AssuranceLevel => a !== undefined);
  if (!asked.length) return lowest(allowed) ?? 'medium';
  return asked.reduce((strictest, level) => (satisfies(strictest, level) ? strictest : level));
}

/** `acr_values`: the gateway treats the least of them as required, as it always has. */
function acrValuesRequirement(rp: RelyingParty, allowed: AssuranceLevel[], acrValues: unknown): AssuranceLevel | undefined {
  if (typeof acrValues !== 'string' || !acrValues.trim()) return undefined;
  return lowest(acrValues.split(' ').filter(Boolean).map((value) => registeredLevel(rp, allowed, value)));
}

/**
 * OIDC Core 5.5.1.1: `{"id_token": {"acr": {"essential": true, "values": [...]}}}` (or `value`) must be
 * met or the login fails; the least of the values is what the identity must reach. A voluntary acr
 * claim (not essential) is a preference and asks for nothing.
 */
function essentialAcrRequirement(rp: RelyingParty, allowed: AssuranceLevel[], claims: ClaimsParameter | undefined): AssuranceLevel | undefined {
  const values = essentialAcrValues(claims);
  return values && lowest(values.map((value) => registeredLevel(rp, allowed, value)));
}

/** The essential acr values of a claims parameter; undefined when acr is not essential. */
function essentialAcrValues(claims: ClaimsParameter | undefined): unknown[] | undefined {
  const acr = claims?.id_token?.acr as { essential?: unknown; value?: unknown; values?: unknown } | null | undefined;
  if (!acr || typeof acr !== 'object' || acr.essential !== true) return undefined;
  if (acr.values !== undefined) {
    if (!Array.isArray(acr.values) || acr.values.length === 0) throw new AcrRefused('claims.id_token.acr.values must be a non-empty array of acr values');
    return acr.values;
  }
  if (acr.value !== undefined) return [acr.value];
  return undefined;
}

function registeredLevel(rp: RelyingParty, allowed: AssuranceLevel[], value: unknown): AssuranceLevel {
  const level = assuranceOfAcr(value);
  if (!level) throw new AcrRefused(`unknown acr value ${String(value)}: use ${ACR_VALUES.join(' or ')}`);
  if (!allowed.includes(level)) throw new AcrRefused(`${rp.clientId} is not registered for acr ${String(value)}`);
  return level;
}

/**
 * The acr the ID token states for a login at `assurance` (which met the requirement): the identity's
 * own level, unless the relying party listed essential values without it. Then it is the highest
 * listed level the identity satisfies: a high identity's login is also a medium login, and
 * oidc-provider would otherwise ask the person to log in again and again (its essential_acrs check).
 */
export function acrToReport(assurance: AssuranceLevel, claims: ClaimsParameter | undefined): AcrValue {
  let values: unknown[] | undefined;
  try {
    values = essentialAcrValues(claims);
  } catch {
    values = undefined;
  }
  const own = acrOf(assurance);
  if (!values || values.includes(own)) return own;
  const listed = values.map((value) => assuranceOfAcr(value)).filter((level): level is AssuranceLevel => level !== undefined && satisfies(assurance, level));
  const best = listed.reduce<AssuranceLevel | undefined>((high, level) => (!high || satisfies(level, high) ? level : high), undefined);
  return best ? acrOf(best) : own;
}
