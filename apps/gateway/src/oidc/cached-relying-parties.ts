import type { RelyingParty, RelyingPartyRegistry } from '@theqa/relying-parties';

/** How stale a relying party's registration may be in one gateway instance. */
export const RELYING_PARTY_CACHE_MS = 1_000;

/**
 * The registry as the protocol reads it: one login asks for its relying party about a dozen times
 * (every request, the client model, the claims), so each instance keeps an answer for a second. A
 * disabled relying party is therefore refused within a second on every instance, not at the very
 * next request; administration (register, disable) always goes to the registry itself.
 */
export class CachedRelyingParties {
  private readonly entries = new Map<string, { at: number; rp: Promise<RelyingParty | undefined> }>();

  constructor(
    private readonly registry: RelyingPartyRegistry,
    private readonly clock: () => number = Date.now,
  ) {}

  findActive(clientId: string): Promise<RelyingParty | undefined> {
    const now = this.clock();
    const hit = this.entries.get(clientId);
    if (hit && now - hit.at < RELYING_PARTY_CACHE_MS) return hit.rp;
    const rp = this.registry.findActive(clientId);
    // A lookup that fails is not remembered.
    rp.catch(() => this.entries.delete(clientId));
    if (this.entries.size > 10_000) this.entries.clear();
    this.entries.set(clientId, { at: now, rp });
    return rp;
  }

  clientSecret(rp: RelyingParty): Promise<string> {
    return this.registry.clientSecret(rp);
  }
}

/** What the protocol side needs of the registry. */
export type RelyingPartyReader = Pick<CachedRelyingParties, 'findActive' | 'clientSecret'>;
