import type { Bilingual } from '@theqa/kernel';
import { attributeByClaim, inCatalogueOrder } from './attribute-catalogue';
import { ConsentError } from './consent-error';

/** What a relying party may ever receive, and why it says it needs it (shown on the consent screen). */
export interface Entitlement {
  clientId: string;
  claims: readonly string[];
  purpose: Bilingual;
}

/**
 * The claims a login may ask the person to release: exactly those requested, each known and each
 * within the relying party's entitlement. Asking for more is refused outright rather than trimmed, so
 * a misconfigured relying party learns at once (OAuth `invalid_request` / `access_denied` at the gateway).
 */
export function requestableClaims(requested: Iterable<string>, entitlement: Entitlement): string[] {
  const entitled = new Set(entitlement.claims);
  const unknown: string[] = [];
  const refused: string[] = [];
  for (const claim of requested) {
    if (!attributeByClaim(claim)) unknown.push(claim);
    else if (!entitled.has(claim)) refused.push(claim);
  }
  if (unknown.length) throw new ConsentError('claim-unknown', `unknown claims: ${unknown.join(', ')}`, { claims: unknown });
  if (refused.length) throw new ConsentError('claim-not-entitled', `${entitlement.clientId} is not entitled to: ${refused.join(', ')}`, { claims: refused });
  return inCatalogueOrder(requested);
}

export function checkEntitlement(entitlement: Entitlement): Entitlement {
  const unknown = entitlement.claims.filter((c) => !attributeByClaim(c));
  if (unknown.length) throw new ConsentError('claim-unknown', `unknown claims: ${unknown.join(', ')}`, { claims: unknown });
  const { ar, en } = entitlement.purpose ?? {};
  if (typeof ar !== 'string' || typeof en !== 'string' || !ar.trim() || !en.trim() || ar.length > 300 || en.length > 300) {
    throw new ConsentError('purpose-invalid', 'the purpose is required in Arabic and English, at most 300 characters each');
  }
  return { ...entitlement, claims: inCatalogueOrder(entitlement.claims) };
}
