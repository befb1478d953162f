import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import type { ConsentEvents, ConsentRecord, ConsentStore } from '@theqa/consent';

interface ConsentRow {
  id: string;
  civil_number: string;
  client_id: string;
  claims: string[] | string;
  purpose_ar: string;
  purpose_en: string;
  granted_at: Date;
  expires_at: Date;
  withdrawn_at: Date | null;
}

const COLUMNS = 'id, civil_number, client_id, claims, purpose_ar, purpose_en, granted_at, expires_at, withdrawn_at';

function toRecord(r: ConsentRow): ConsentRecord {
  return {
    id: r.id,
    civilNumber: r.civil_number,
    clientId: r.client_id,
    // PGlite may hand text[] back in its literal form.
    claims: Array.isArray(r.claims) ? r.claims : r.claims.replace(/^\{|\}$/g, '').split(',').filter(Boolean),
    purpose: { ar: r.purpose_ar, en: r.purpose_en },
    grantedAt: new Date(r.granted_at),
    expiresAt: new Date(r.expires_at),
    withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at) : undefined,
  };
}

/** Consents in `consent`; withdrawal is one conditional UPDATE, so two withdrawals cannot both report success. */
export class PostgresConsentStore implements ConsentStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(c: ConsentRecord): Promise<void> {
    await this.dataSource.query(`INSERT INTO consent (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)`, [
      c.id,
      c.civilNumber,
      c.clientId,
      [...c.claims],
      c.purpose.ar,
      c.purpose.en,
      c.grantedAt,
      c.expiresAt,
    ]);
  }

  async current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined> {
    const rows: ConsentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM consent WHERE civil_number = $1 AND client_id = $2 AND withdrawn_at IS NULL ORDER BY granted_at DESC LIMIT 1`,
      [civilNumber, clientId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async list(civilNumber: string): Promise<ConsentRecord[]> {
    const rows: ConsentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM consent WHERE civil_number = $1 ORDER BY granted_at DESC`, [civilNumber]);
    return rows.map(toRecord);
  }

  async find(id: string): Promise<ConsentRecord | undefined> {
    const rows: ConsentRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM consent WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async withdraw(id: string, at: Date): Promise<ConsentRecord | undefined> {
    const result = await this.dataSource.query(`UPDATE consent SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL RETURNING ${COLUMNS}`, [id, at]);
    const rows = (Array.isArray(result[0]) ? result[0] : result) as ConsentRow[];
    return rows[0] && toRecord(rows[0]);
  }
}

/** Consent events into the hash-chained audit log (the subject is the person). */
export class AuditedConsentEvents implements ConsentEvents {
  constructor(private readonly audit: AuditLog) {}

  async record(event: Parameters<ConsentEvents['record']>[0]): Promise<void> {
    await this.audit.append({ action: event.action, actor: event.actor, subject: event.civilNumber, details: event.details });
  }
}
