import { randomUUID } from 'node:crypto';
import type { Bilingual } from '@theqa/kernel';
import { inCatalogueOrder } from './attribute-catalogue';
import { ConsentError } from './consent-error';
import { consentCovers, CONSENT_VALIDITY_DAYS, type ConsentRecord } from './consent-record';

export interface ConsentStore {
  /**
   * Records a consent as the one in force for its person and relying party, ending `replacing` (the one
   * in force until now) as replaced in the same transaction. False, changing nothing, when `replacing` is
   * no longer in force or another is: the store keeps one at a time, whatever the concurrency.
   */
  insertInForce(record: ConsentRecord, replacing?: { id: string; at: Date }): Promise<boolean>;
  /** The consent in force of this person to this relying party (neither withdrawn nor replaced), if any; it may have expired. */
  current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined>;
  list(civilNumber: string): Promise<ConsentRecord[]>;
  find(id: string): Promise<ConsentRecord | undefined>;
  /** Marks a consent in force withdrawn; returns the record as it now stands, undefined when it was not in force. */
  withdraw(id: string, at: Date): Promise<ConsentRecord | undefined>;
}

/**
 * What was issued under a person's consent to a relying party (the OpenID Provider's grants, codes and
 * tokens): revoked when the consent ends, so that nothing issued before goes on releasing data.
 */
export interface IssuedUnderConsent {
  /** Revokes everything issued to this relying party for this person; how many grants were revoked. */
  revoke(civilNumber: string, clientId: string): Promise<number>;
}

export interface ConsentEvents {
  record(event: { action: 'consent.granted' | 'consent.withdrawn'; actor: string; civilNumber: string; details: Record<string, unknown> }): Promise<void>;
}

export interface ConsentServiceDependencies {
  store: ConsentStore;
  events: ConsentEvents;
  issued: IssuedUnderConsent;
  clock?: () => Date;
}

/** How often a grant starts over when other requests changed the consent in force meanwhile. */
const GRANT_ATTEMPTS = 5;

/**
 * Consents as the gateway records them and as the person (portal, CLI) withdraws them: one in force
 * per person and relying party. Every grant and withdrawal is an audited event. A withdrawn consent is
 * never revived, and what was issued under it is revoked: the next login asks again.
 */
export class ConsentService {
  private readonly store: ConsentStore;
  private readonly events: ConsentEvents;
  private readonly issued: IssuedUnderConsent;
  private readonly clock: () => Date;

  constructor(deps: ConsentServiceDependencies) {
    this.store = deps.store;
    this.events = deps.events;
    this.issued = deps.issued;
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * The person agrees. A consent in force that covers the same claims and purpose is that agreement
   * already (a form sent twice records one consent); any other consent in force is replaced.
   */
  async grant(input: { civilNumber: string; clientId: string; claims: readonly string[]; purpose: Bilingual; actor: string }): Promise<ConsentRecord> {
    const claims = inCatalogueOrder(input.claims);
    for (let attempt = 0; attempt < GRANT_ATTEMPTS; attempt++) {
      const now = this.clock();
      const current = await this.store.current(input.civilNumber, input.clientId);
      if (consentCovers(current, claims, input.purpose, now)) return current as ConsentRecord;
      const record: ConsentRecord = {
        id: randomUUID(),
        civilNumber: input.civilNumber,
        clientId: input.clientId,
        claims,
        purpose: input.purpose,
        grantedAt: now,
        expiresAt: new Date(now.getTime() + CONSENT_VALIDITY_DAYS * 86_400_000),
      };
      // Another request replaced, withdrew or recorded one first: it is looked at in the next round.
      if (!(await this.store.insertInForce(record, current && { id: current.id, at: now }))) continue;
      await this.events.record({
        action: 'consent.granted',
        actor: input.actor,
        civilNumber: record.civilNumber,
        details: { consent: record.id, client: record.clientId, claims: record.claims, ...(current ? { replaces: current.id } : {}) },
      });
      return record;
    }
    throw new Error(`the consent of ${input.civilNumber} to ${input.clientId} kept changing while it was being granted`);
  }

  current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined> {
    return this.store.current(civilNumber, clientId);
  }

  list(civilNumber: string): Promise<ConsentRecord[]> {
    return this.store.list(civilNumber);
  }

  /** The person withdraws a consent (portal, CLI): it ends, and what was issued under it is revoked. */
  async withdraw(id: string, actor: string): Promise<ConsentRecord> {
    const existing = /^[0-9a-f-]{36}$/.test(id) ? await this.store.find(id) : undefined;
    if (!existing) throw new ConsentError('consent-unknown', `no consent with id ${id}`);
    if (existing.withdrawnAt) throw new ConsentError('consent-withdrawn', `consent ${id} was already withdrawn on ${existing.withdrawnAt.toISOString()}`);
    if (existing.replacedAt) throw new ConsentError('consent-replaced', `consent ${id} was replaced on ${existing.replacedAt.toISOString()} by a newer consent: withdraw that one`);
    const withdrawn = await this.end(existing, actor);
    if (!withdrawn) throw new ConsentError('consent-withdrawn', `consent ${id} was withdrawn or replaced at the same moment by another request`);
    return withdrawn;
  }

  /**
   * The person answered "I do not agree" to this relying party's declaration. Their latest answer
   * stands: a consent to it still in force (an "I agree" sent a moment before, or an older one) ends
   * as a withdrawal would end it.
   */
  async decline(civilNumber: string, clientId: string, actor: string): Promise<ConsentRecord | undefined> {
    const current = await this.store.current(civilNumber, clientId);
    return current && this.end(current, actor);
  }

  private async end(consent: ConsentRecord, actor: string): Promise<ConsentRecord | undefined> {
    const withdrawn = await this.store.withdraw(consent.id, this.clock());
    if (!withdrawn) return undefined;
    const revoked = await this.issued.revoke(withdrawn.civilNumber, withdrawn.clientId);
    await this.events.record({ action: 'consent.withdrawn', actor, civilNumber: withdrawn.civilNumber, details: { consent: withdrawn.id, client: withdrawn.clientId, revoked_grants: revoked } });
    return withdrawn;
  }
}
