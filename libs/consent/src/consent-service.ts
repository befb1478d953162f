import { randomUUID } from 'node:crypto';
import type { Bilingual } from '@theqa/kernel';
import { inCatalogueOrder } from './attribute-catalogue';
import { ConsentError } from './consent-error';
import { CONSENT_VALIDITY_DAYS, type ConsentRecord } from './consent-record';

export interface ConsentStore {
  insert(record: ConsentRecord): Promise<void>;
  /** The newest consent of this person to this relying party that is not withdrawn, if any. */
  current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined>;
  list(civilNumber: string): Promise<ConsentRecord[]>;
  find(id: string): Promise<ConsentRecord | undefined>;
  /** Marks it withdrawn unless it already is; returns the record as it now stands. */
  withdraw(id: string, at: Date): Promise<ConsentRecord | undefined>;
}

export interface ConsentEvents {
  record(event: { action: 'consent.granted' | 'consent.withdrawn'; actor: string; civilNumber: string; details: Record<string, unknown> }): Promise<void>;
}

/**
 * Consents as the gateway records them and as the person (portal, CLI) withdraws them. Every grant and
 * withdrawal is an audited event. A withdrawn consent is never revived: the next login asks again.
 */
export class ConsentService {
  private readonly clock: () => Date;

  constructor(
    private readonly store: ConsentStore,
    private readonly events: ConsentEvents,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  async grant(input: { civilNumber: string; clientId: string; claims: readonly string[]; purpose: Bilingual; actor: string }): Promise<ConsentRecord> {
    const now = this.clock();
    const record: ConsentRecord = {
      id: randomUUID(),
      civilNumber: input.civilNumber,
      clientId: input.clientId,
      claims: inCatalogueOrder(input.claims),
      purpose: input.purpose,
      grantedAt: now,
      expiresAt: new Date(now.getTime() + CONSENT_VALIDITY_DAYS * 86_400_000),
    };
    await this.store.insert(record);
    await this.events.record({ action: 'consent.granted', actor: input.actor, civilNumber: record.civilNumber, details: { consent: record.id, client: record.clientId, claims: record.claims } });
    return record;
  }

  current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined> {
    return this.store.current(civilNumber, clientId);
  }

  list(civilNumber: string): Promise<ConsentRecord[]> {
    return this.store.list(civilNumber);
  }

  async withdraw(id: string, actor: string): Promise<ConsentRecord> {
    const existing = /^[0-9a-f-]{36}$/.test(id) ? await this.store.find(id) : undefined;
    if (!existing) throw new ConsentError('consent-unknown', `no consent with id ${id}`);
    if (existing.withdrawnAt) throw new ConsentError('consent-withdrawn', `consent ${id} was already withdrawn on ${existing.withdrawnAt.toISOString()}`);
    const withdrawn = await this.store.withdraw(id, this.clock());
    if (!withdrawn) throw new ConsentError('consent-withdrawn', `consent ${id} was withdrawn at the same moment by another request`);
    await this.events.record({ action: 'consent.withdrawn', actor, civilNumber: withdrawn.civilNumber, details: { consent: id, client: withdrawn.clientId } });
    return withdrawn;
  }
}
