import type { KoaContextWithOIDC } from 'oidc-provider';
import { releasedClaims, type ConsentService } from '@theqa/consent';
import type { CivilRegistry } from '@theqa/integrations';
import { DEVICE_CLAIM } from '@theqa/login';
import type { RelyingPartyReader } from './cached-relying-parties';

/**
 * The platform's own relying parties (the portal), named by its configuration, and where the device
 * that approved each of their logins is kept: their ID tokens say which device it was (DEVICE_CLAIM).
 */
export interface FirstPartyLogins {
  clients: ReadonlySet<string>;
  deviceOfGrant(grantId: string): Promise<string | undefined>;
}

interface AccountDependencies {
  consents: ConsentService;
  registry: CivilRegistry;
  relyingParties: RelyingPartyReader;
  firstParty?: FirstPartyLogins;
  clock?: () => Date;
}

/**
 * The account behind a token: the person of the civil registry, of whom exactly the claims in force
 * are released. "In force" is decided at every call, not at login: a consent withdrawn since, or an
 * entitlement taken away, releases nothing more than the subject. A first party's token also names
 * the device that approved its login; no other relying party learns which device a person used.
 */
export function findAccount(deps: AccountDependencies) {
  return async (ctx: KoaContextWithOIDC, accountId: string, token?: { grantId?: string }) => ({
    accountId,
    async claims() {
      const clientId = ctx.oidc.client?.clientId;
      if (!clientId) return { sub: accountId };
      const grantId = token?.grantId;
      const firstParty = grantId && deps.firstParty?.clients.has(clientId) ? deps.firstParty : undefined;
      const [claims, device] = await Promise.all([consentedClaims(deps, accountId, clientId), firstParty?.deviceOfGrant(grantId as string)]);
      return device ? { ...claims, [DEVICE_CLAIM]: device } : claims;
    },
  });
}

async function consentedClaims(deps: AccountDependencies, accountId: string, clientId: string): Promise<Record<string, unknown> & { sub: string }> {
  const subjectOnly = { sub: accountId };
  const [consent, rp] = await Promise.all([deps.consents.current(accountId, clientId), deps.relyingParties.findActive(clientId)]);
  const now = (deps.clock ?? (() => new Date()))();
  if (!consent || !rp || consent.withdrawnAt || consent.expiresAt <= now) return subjectOnly;
  const entitled = new Set(rp.claims);
  const person = await deps.registry.findPerson(accountId);
  if (!person) return subjectOnly;
  return { ...releasedClaims(person, consent.claims.filter((c) => entitled.has(c))), sub: accountId };
}
