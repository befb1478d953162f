import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import type { IdentityEvent, IdentityEventSink } from '@theqa/identity';
import { PreparedStatement } from '../prepared-statement';

const RECORD = new PreparedStatement('identity_activity_record', `INSERT INTO identity_activity (civil_number, event, device, details) VALUES ($1, $2, $3, $4)`);

export interface ActivityEntry {
  occurredAt: Date;
  event: string;
  device?: string;
  details: Record<string, unknown>;
}

/**
 * Each identity event lands twice: in the hash-chained audit log (for the ministry and auditors) and in
 * the person's own activity history (what the portal and wallet show them).
 */
export class IdentityActivity implements IdentityEventSink {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async record(event: IdentityEvent): Promise<void> {
    await this.audit.append({ action: event.action, actor: event.actor, subject: event.civilNumber, details: { ...(event.details ?? {}), ...(event.device ? { device: event.device } : {}) } });
    await RECORD.run(this.dataSource, [event.civilNumber, event.action, event.device ?? null, JSON.stringify(event.details ?? {})]);
  }

  async list(civilNumber: string, limit = 100): Promise<ActivityEntry[]> {
    const rows: { occurred_at: Date; event: string; device: string | null; details: Record<string, unknown> | string }[] = await this.dataSource.query(
      `SELECT occurred_at, event, device, details FROM identity_activity WHERE civil_number = $1 ORDER BY id DESC LIMIT $2`,
      [civilNumber, limit],
    );
    return rows.map((r) => ({
      occurredAt: new Date(r.occurred_at),
      event: r.event,
      device: r.device ?? undefined,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    }));
  }
}
