import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import type { ConsentEvents, ConsentRecord, ConsentStore } from '@theqa/consent';
import { PreparedStatement } from '../prepared-statement';

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
  replaced_at: Date | null;
}

const COLUMNS = 'id, civil_number, client_id, claims, purpose_ar, purpose_en, granted_at, expires_at, withdrawn_at, replaced_at';
/** In force: neither withdrawn nor replaced (expiry is the reader's to judge). The unique index consent_in_force keeps one per person and relying party. */
const IN_FORCE = 'withdrawn_at IS NULL AND replaced_at IS NULL';

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
    replacedAt: r.replaced_at ? new Date(r.replaced_at) : undefined,
  };
}

/** Read three times a login (the pages, the ID token, userinfo): prepared once per connection (see PreparedStatement). */
const CURRENT = new PreparedStatement<ConsentRow>('consent_current', `SELECT ${COLUMNS} FROM consent WHERE civil_number = $1 AND client_id = $2 AND ${IN_FORCE}`);

const rowsOf = (result: unknown[]): ConsentRow[] => (Array.isArray(result[0]) ? result[0] : result) as ConsentRow[];

/**
 * Consents in `consent`. One in force per person and relying party is the database's rule (a partial
 * unique index), so a grant is an INSERT that does nothing on conflict; replacing and withdrawing are
 * each one conditional UPDATE, so two requests cannot both succeed.
 */
export class PostgresConsentStore implements ConsentStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertInForce(c: ConsentRecord, replacing?: { id: string; at: Date }): Promise<boolean> {
    const insert = (runner: Pick<DataSource, 'query'>) =>
      runner.query(
        `INSERT INTO consent (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)
         ON CONFLICT (civil_number, client_id) WHERE ${IN_FORCE} DO NOTHING RETURNING id`,
        [c.id, c.civilNumber, c.clientId, [...c.claims], c.purpose.ar, c.purpose.en, c.grantedAt, c.expiresAt],
      );
    if (!replacing) return rowsOf(await insert(this.dataSource)).length === 1;
    // The replaced consent and its successor in one transaction: a concurrent grant that read the same
    // consent waits on its row, then finds it replaced (and the successor there), never a gap between.
    return this.dataSource
      .transaction(async (manager) => {
        const replaced = await manager.query(`UPDATE consent SET replaced_at = $2 WHERE id = $1 AND ${IN_FORCE} RETURNING id`, [replacing.id, replacing.at]);
        if (rowsOf(replaced).length !== 1) return false;
        if (rowsOf(await insert(manager)).length !== 1) throw new NotInserted();
        return true;
      })
      .catch((error: unknown) => {
        if (error instanceof NotInserted) return false;
        throw error;
      });
  }

  async current(civilNumber: string, clientId: string): Promise<ConsentRecord | undefined> {
    const [row] = await CURRENT.run(this.dataSource, [civilNumber, clientId]);
    return row && toRecord(row);
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
    const result = await this.dataSource.query(`UPDATE consent SET withdrawn_at = $2 WHERE id = $1 AND ${IN_FORCE} RETURNING ${COLUMNS}`, [id, at]);
    const rows = rowsOf(result);
    return rows[0] && toRecord(rows[0]);
  }
}

/** Rolls back a replacement whose successor could not be inserted (another is in force already). */
class NotInserted extends Error {}

/** Consent events into the hash-chained audit log (the subject is the person). */
export class AuditedConsentEvents implements ConsentEvents {
  constructor(private readonly audit: AuditLog) {}

  async record(event: Parameters<ConsentEvents['record']>[0]): Promise<void> {
    await this.audit.append({ action: event.action, actor: event.actor, subject: event.civilNumber, details: event.details });
  }
}
