import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IdentityError, type JourneyRecord, type NewSigningKey, type UpgradeStore } from '@theqa/identity';
import { journeyFromRow, saveJourney } from './postgres-journey-store';

const COLUMNS = 'id, kind, civil_number, step, status, step_expires_at, expires_at, state, version, failure';

/**
 * Upgrade journeys in `identity_journey` (kind `upgrade`): by id, by the request of the QR code they
 * show (`scan_request`, derived from the state), one open per person (a partial unique index), and
 * the end of an upgrade in one transaction with the device's signing key and the identity's level.
 */
export class PostgresUpgradeStore implements UpgradeStore {
  constructor(private readonly dataSource: DataSource) {}

  async openOf(civilNumber: string): Promise<JourneyRecord | undefined> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM identity_journey WHERE civil_number = $1 AND kind = 'upgrade' AND status = 'open'`, [civilNumber]);
    return rows[0] && journeyFromRow(rows[0]);
  }

  async byId(id: string): Promise<JourneyRecord | undefined> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM identity_journey WHERE id = $1 AND kind = 'upgrade'`, [id]);
    return rows[0] && journeyFromRow(rows[0]);
  }

  async signingKeyOf(device: string): Promise<{ certificateSerial: string } | undefined> {
    const rows = await this.dataSource.query(`SELECT certificate_serial FROM device_signing_key WHERE device = $1`, [device]);
    return rows[0] && { certificateSerial: rows[0].certificate_serial };
  }

  async byScanRequest(request: string): Promise<JourneyRecord | undefined> {
    const rows = await this.dataSource.query(`SELECT ${COLUMNS} FROM identity_journey WHERE scan_request = $1 AND kind = 'upgrade'`, [request]);
    return rows[0] && journeyFromRow(rows[0]);
  }

  /** No token is known yet: the row's key is a random hash nobody holds the preimage of, replaced at the claim. */
  async create(j: JourneyRecord): Promise<boolean> {
    const rows = await this.dataSource.query(
      `INSERT INTO identity_journey (token_sha256, id, kind, civil_number, step, status, step_expires_at, expires_at, state, version)
       VALUES ($1, $2, 'upgrade', $3, $4, $5, $6, $7, $8, 0)
       ON CONFLICT DO NOTHING RETURNING id`,
      [randomBytes(32), j.id, j.civilNumber, j.step, j.status, j.stepExpiresAt, j.expiresAt, JSON.stringify(j.state)],
    );
    return rows.length === 1;
  }

  /**
   * One UPDATE, conditional on the version read, the request still current and the step still the
   * scan: PostgreSQL re-checks the condition on the row it has locked, so of concurrent claims the
   * first commits and every other finds the condition false.
   */
  async claim(j: JourneyRecord, request: string, tokenSha256: Buffer): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE identity_journey SET token_sha256 = $3, step = $4, step_expires_at = $5, state = $6, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 AND scan_request = $7 AND status = 'open' AND step = 'scan' RETURNING version`,
      [j.id, j.version, tokenSha256, j.step, j.stepExpiresAt, JSON.stringify(j.state), request],
    );
    return updatedOne(result);
  }

  async complete(input: { journey: JourneyRecord; signingKey: NewSigningKey; now: Date }): Promise<{ replaced?: string }> {
    const { journey, signingKey: key, now } = input;
    return this.dataSource.transaction(async (db) => {
      // The device's row first: a removal of the device (lost) waits for this transaction, or this one sees it.
      const [device] = await db.query(`SELECT status, civil_number FROM identity_device WHERE serial = $1 FOR UPDATE`, [key.device]);
      if (!device || device.status !== 'active' || device.civil_number !== journey.civilNumber) throw new IdentityError('device-revoked', 'the device of this upgrade has been removed');
      if (!(await saveJourney(db, journey))) throw new IdentityError('journey-busy', 'another request changed this journey at the same time; retry');
      // The key this one replaces (a renewal): read under the device's lock, named for its revocation.
      const [previous] = await db.query(`SELECT certificate_serial FROM device_signing_key WHERE device = $1`, [key.device]);
      await db.query(
        `INSERT INTO device_signing_key (device, public_key_spki, certificate_serial, certificate_der, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (device) DO UPDATE SET public_key_spki = EXCLUDED.public_key_spki, certificate_serial = EXCLUDED.certificate_serial,
           certificate_der = EXCLUDED.certificate_der, created_at = EXCLUDED.created_at`,
        [key.device, key.publicKeySpki, key.certificateSerial, key.certificateDer, now],
      );
      const raised = await db.query(`UPDATE identity SET assurance = 'high', updated_at = now() WHERE civil_number = $1 AND status = 'active' RETURNING civil_number`, [journey.civilNumber]);
      if (!updatedOne(raised)) throw new IdentityError('identity-suspended', 'the digital identity was suspended during the upgrade');
      return previous ? { replaced: previous.certificate_serial as string } : {};
    });
  }
}

/** TypeORM answers UPDATE … RETURNING on PostgreSQL with [rows, count]. */
function updatedOne(result: unknown): boolean {
  const rows = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result;
  return Array.isArray(rows) && rows.length === 1;
}
