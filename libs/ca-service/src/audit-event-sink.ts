import type { AuditLog } from '@theqa/audit';
import type { CaEvent, CaEventSink } from '@theqa/ca';

/** A person's certificate event (issued, revoked, held, released): theirs as well as the CA's. */
export type HolderEvent = CaEvent & { civilNumber: string };

/**
 * The CA reports through its own port; here it lands in the platform's hash-chained audit log, and a
 * person's certificate events also go to `holderEvents` (the composition root: their activity history).
 */
export class AuditEventSink implements CaEventSink {
  constructor(
    private readonly log: AuditLog,
    private readonly holderEvents?: (event: HolderEvent) => Promise<void>,
  ) {}

  async record(event: CaEvent): Promise<void> {
    await this.log.append({ action: event.action, actor: event.actor, subject: event.subject, details: event.details });
    if (event.civilNumber && this.holderEvents) await this.holderEvents({ ...event, civilNumber: event.civilNumber });
  }
}
