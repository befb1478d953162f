import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import { activityQuery, type ActivityEntry, type ActivityHistory, type ActivityPage, type ActivityQuery, type IdentityEvent, type IdentityEventSink } from '@theqa/identity';
import { PreparedStatement } from '../prepared-statement';

const RECORD = new PreparedStatement('identity_activity_record', `INSERT INTO identity_activity (civil_number, event, device, details) VALUES ($1, $2, $3, $4)`);

interface ActivityRow {
  id: string;
  occurred_at: Date;
  event: string;
  device: string | null;
  details: Record<string, unknown> | string;
}

/**
 * Each identity event lands twice: in the hash-chained audit log (for the ministry and auditors) and in
 * the person's own activity history (what the portal and wallet show them). Events another sink has
 * audited already (the CA's certificate events) come through `remember`: the history only.
 */
export class IdentityActivity implements IdentityEventSink, ActivityHistory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async record(event: IdentityEvent): Promise<void> {
    await this.audit.append({ action: event.action, actor: event.actor, subject: event.civilNumber, details: { ...(event.details ?? {}), ...(event.device ? { device: event.device } : {}) } });
    await this.remember(event);
  }

  /** Into the person's history only: for an event its own sink has put in the audit log. */
  async remember(event: IdentityEvent): Promise<void> {
    await RECORD.run(this.dataSource, [event.civilNumber, event.action, event.device ?? null, JSON.stringify(event.details ?? {})]);
  }

  /**
   * Newest first; `before` (an entry's id) continues below that entry. Ids only grow: entries recorded
   * while the person reads (newer, above the first page) neither repeat nor shift the pages that follow.
   */
  async list(civilNumber: string, query: ActivityQuery = {}): Promise<ActivityEntry[]> {
    const { limit, before } = activityQuery(query);
    return this.newestFirst(civilNumber, limit, before);
  }

  /** A page and the cursor of the one after it (one entry more is read to know whether there is one). */
  async page(civilNumber: string, query: ActivityQuery = {}): Promise<ActivityPage> {
    const { limit, before } = activityQuery(query);
    const entries = await this.newestFirst(civilNumber, limit + 1, before);
    return entries.length > limit ? { entries: entries.slice(0, limit), older: entries[limit - 1].id } : { entries };
  }

  private async newestFirst(civilNumber: string, limit: number, before: string | undefined): Promise<ActivityEntry[]> {
    const rows: ActivityRow[] = before
      ? await this.dataSource.query(`SELECT id, occurred_at, event, device, details FROM identity_activity WHERE civil_number = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, [civilNumber, before, limit])
      : await this.dataSource.query(`SELECT id, occurred_at, event, device, details FROM identity_activity WHERE civil_number = $1 ORDER BY id DESC LIMIT $2`, [civilNumber, limit]);
    return rows.map((r) => ({
      id: String(r.id),
      occurredAt: new Date(r.occurred_at),
      event: r.event,
      device: r.device ?? undefined,
      details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details,
    }));
  }
}
