import type { DataSource, EntityManager } from 'typeorm';
import type { IdentitySupportStore, SuspensionChange, SuspensionRecord } from '@theqa/identity';

interface SuspensionRow {
  id: string | number;
  civil_number: string;
  reason: string;
  suspended_by: string;
  suspended_at: Date;
  held_certificates: string[] | string;
  restored_by: string | null;
  restored_at: Date | null;
}

const COLUMNS = 'id, civil_number, reason, suspended_by, suspended_at, held_certificates, restored_by, restored_at';

/** PGlite may hand text[] back in its literal form; serials are hex, so no quoting to undo. */
const serials = (value: string[] | string): string[] => (Array.isArray(value) ? value : value.replace(/^\{|\}$/g, '').split(',').filter(Boolean));

function suspensionOf(row: SuspensionRow): SuspensionRecord {
  return {
    id: String(row.id),
    civilNumber: row.civil_number,
    reason: row.reason,
    suspendedBy: row.suspended_by,
    suspendedAt: new Date(row.suspended_at),
    heldCertificates: serials(row.held_certificates),
    ...(row.restored_at ? { restoredBy: row.restored_by ?? undefined, restoredAt: new Date(row.restored_at) } : {}),
  };
}

/** UPDATE/INSERT … RETURNING comes back as [rows, count] through TypeORM for an UPDATE, as rows for an INSERT. */
const rowsOf = <T>(result: unknown[]): T[] => (Array.isArray(result[0]) ? result[0] : result) as T[];

/**
 * Suspensions (`identity_suspension`) and the PIN reset an administrator requires. Suspend and restore
 * lock the identity's row first: concurrent ones queue behind each other, and each sees the state the
 * one before it committed, so of a hundred suspends at once one suspends and the others find it done.
 */
export class PostgresIdentitySupport implements IdentitySupportStore {
  constructor(private readonly dataSource: DataSource) {}

  async suspend(civilNumber: string, suspension: { reason: string; actor: string; at: Date }): Promise<SuspensionChange | undefined> {
    return this.dataSource.transaction(async (db) => {
      const status = await lockedStatus(db, civilNumber);
      if (!status) return undefined;
      if (status === 'suspended') {
        const open = await openSuspension(db, civilNumber);
        if (open) return { changed: false, suspension: open };
      }
      if (status === 'active') await db.query(`UPDATE identity SET status = 'suspended', updated_at = now() WHERE civil_number = $1`, [civilNumber]);
      const [row] = rowsOf<SuspensionRow>(
        await db.query(`INSERT INTO identity_suspension (civil_number, reason, suspended_by, suspended_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
          civilNumber,
          suspension.reason,
          suspension.actor,
          suspension.at,
        ]),
      );
      return { changed: status === 'active', suspension: suspensionOf(row) };
    });
  }

  async recordHold(suspensionId: string, serialHex: string): Promise<boolean> {
    const result: unknown[] = await this.dataSource.query(
      `UPDATE identity_suspension SET held_certificates = CASE WHEN $2 = ANY(held_certificates) THEN held_certificates ELSE array_append(held_certificates, $2::text) END
        WHERE id = $1 AND restored_at IS NULL RETURNING id`,
      [suspensionId, serialHex],
    );
    return rowsOf(result).length > 0;
  }

  async restore(civilNumber: string, restoration: { actor: string; at: Date }): Promise<{ changed: boolean; suspension?: SuspensionRecord } | undefined> {
    return this.dataSource.transaction(async (db) => {
      const status = await lockedStatus(db, civilNumber);
      if (!status) return undefined;
      if (status !== 'suspended') return { changed: false };
      await db.query(`UPDATE identity SET status = 'active', updated_at = now() WHERE civil_number = $1`, [civilNumber]);
      const [row] = rowsOf<SuspensionRow>(
        await db.query(`UPDATE identity_suspension SET restored_by = $2, restored_at = $3 WHERE civil_number = $1 AND restored_at IS NULL RETURNING ${COLUMNS}`, [
          civilNumber,
          restoration.actor,
          restoration.at,
        ]),
      );
      return { changed: true, ...(row ? { suspension: suspensionOf(row) } : {}) };
    });
  }

  async suspensions(civilNumber: string, limit: number): Promise<SuspensionRecord[]> {
    const rows: SuspensionRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM identity_suspension WHERE civil_number = $1 ORDER BY id DESC LIMIT $2`, [civilNumber, limit]);
    return rows.map(suspensionOf);
  }

  /** One UPDATE: the block keeps its first moment (a PIN blocked by wrong entries stays blocked since then). */
  async requirePinReset(civilNumber: string, at: Date): Promise<{ changed: boolean } | undefined> {
    const rows: Array<{ changed: boolean }> = await this.dataSource.query(
      `WITH changed AS (
         UPDATE identity SET pin_reset_required = true, pin_blocked_at = COALESCE(pin_blocked_at, $2), updated_at = now()
          WHERE civil_number = $1 AND NOT pin_reset_required RETURNING 1
       )
       SELECT EXISTS (SELECT 1 FROM changed) AS changed FROM identity WHERE civil_number = $1`,
      [civilNumber, at],
    );
    return rows[0] ? { changed: rows[0].changed === true } : undefined;
  }
}

async function lockedStatus(db: EntityManager, civilNumber: string): Promise<'active' | 'suspended' | undefined> {
  const [row]: Array<{ status: 'active' | 'suspended' }> = await db.query(`SELECT status FROM identity WHERE civil_number = $1 FOR UPDATE`, [civilNumber]);
  return row?.status;
}

async function openSuspension(db: EntityManager, civilNumber: string): Promise<SuspensionRecord | undefined> {
  const [row]: SuspensionRow[] = await db.query(`SELECT ${COLUMNS} FROM identity_suspension WHERE civil_number = $1 AND restored_at IS NULL`, [civilNumber]);
  return row && suspensionOf(row);
}
