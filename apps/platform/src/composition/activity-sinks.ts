import type { HolderEvent } from '@theqa/ca-service';
import type { ConsentEvents } from '@theqa/consent';
import type { Bilingual } from '@theqa/kernel';
import { PostgresRelyingPartyStore, type IdentityActivity } from '@theqa/persistence';
import type { SigningEventSink } from '@theqa/signing';
import type { DataSource } from 'typeorm';

/**
 * The person's activity history (issue 13: logins, consents, signatures, certificates…) gathers the
 * events of services that each report through their own port. These adapters put each event there
 * once: consent and signing events go to the audit log and the history together (IdentityActivity's
 * `record`, as they went to the audit log alone before), certificate events, which the CA audits
 * itself, to the history only (`remember`). A relying party is recorded by its name at that moment,
 * so that the entry reads the same after a rename.
 */
export type RelyingPartyNames = (clientId: string) => Promise<Bilingual | undefined>;

export function relyingPartyNames(dataSource: DataSource): RelyingPartyNames {
  const store = new PostgresRelyingPartyStore(dataSource);
  return async (clientId) => (await store.find(clientId))?.name;
}

export function consentActivity(activity: IdentityActivity, names: RelyingPartyNames): ConsentEvents {
  return {
    async record(event) {
      const client = event.details.client;
      const name = typeof client === 'string' ? await names(client) : undefined;
      await activity.record({ action: event.action, civilNumber: event.civilNumber, actor: event.actor, details: { ...event.details, ...(name ? { relying_party: name } : {}) } });
    },
  };
}

/** Every signing event is about the request's signer (its subject is their civil number). */
export function signingActivity(activity: IdentityActivity, names: RelyingPartyNames): SigningEventSink {
  return {
    async record(event) {
      const { relying_party: client, device } = event.details ?? {};
      const name = typeof client === 'string' ? await names(client) : undefined;
      await activity.record({
        action: event.action,
        civilNumber: event.subject,
        actor: event.actor,
        device: typeof device === 'string' ? device : undefined,
        details: { ...event.details, ...(name ? { relying_party_name: name } : {}) },
      });
    },
  };
}

export function certificateActivity(activity: () => IdentityActivity): (event: HolderEvent) => Promise<void> {
  return (event) => activity().remember({ action: event.action, civilNumber: event.civilNumber, actor: event.actor, details: { certificate: event.subject, ...event.details } });
}
