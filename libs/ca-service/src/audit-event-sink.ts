import type { AuditLog } from '@theqa/audit';
import type { CaEvent, CaEventSink } from '@theqa/ca';

/** The CA reports through its own port; here it lands in the platform's hash-chained audit log. */
export class AuditEventSink implements CaEventSink {
  constructor(private readonly log: AuditLog) {}

  async record(event: CaEvent): Promise<void> {
    await this.log.append({ action: event.action, actor: event.actor, subject: event.subject, details: event.details });
  }
}
