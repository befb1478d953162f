import type { RegistryPerson } from '@theqa/integrations';
import { attributeByClaim } from './attribute-catalogue';

/**
 * The values released for exactly these claims, from the registry record: nothing else can leak into
 * an ID token or a userinfo answer. An attribute that does not apply to the person (no passport, no
 * sponsor) is released as null, so the relying party can tell "not applicable" from "not consented".
 */
export function releasedClaims(person: RegistryPerson, claims: readonly string[]): Record<string, unknown> {
  const released: Record<string, unknown> = {};
  for (const claim of claims) {
    const attribute = attributeByClaim(claim);
    if (!attribute) continue;
    const value = person[attribute.registryField];
    released[claim] = value === null || value === undefined ? null : structuredClone(value);
  }
  return released;
}
