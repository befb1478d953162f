import type { KoaContextWithOIDC } from 'oidc-provider';
import { releasedClaims, type ConsentService } from '@theqa/consent';
import type { CivilRegistry } from '@theqa/integrations';
import type { RelyingPartyReader } from './cached-relying-parties';

/**
 * The account behind a token: the person of the civil registry, of whom exactly the claims in force
 * are released. "In force" is decided at every call, not at login: a consent withdrawn since, or an
 * entitlement taken away, releases nothing more than the subject.
 */
export function findAccount(deps: { consents: ConsentService; registry: CivilRegistry; relyingParties: RelyingPartyReader; clock?: () => Date }) {
  return async (ctx: KoaContextWithOIDC, accountId: string) => ({
    accountId,
    async claims() {
      const clientId = ctx.oidc.client?.clientId;
      const subjectOnly = { sub: accountId };
      if (!clientId) return subjectOnly;
      const [consent, rp] = await Promise.all([deps.consents.current(accountId, clientId), deps.relyingParties.findActive(clientId)]);
      const now = (deps.clock ?? (() => new Date()))();
      if (!consent || !rp || consent.withdrawnAt || consent.expiresAt <= now) return subjectOnly;
      const entitled = new Set(rp.claims);
      const person = await deps.registry.findPerson(accountId);
      if (!person) return subjectOnly;
      return { ...releasedClaims(person, consent.claims.filter((c) => entitled.has(c))), sub: accountId };
    },
  });
}
