import type { DataSource } from 'typeorm';
import { IdentityError, type DeviceRecord, type IdentityRecord, type IdentityStore, type JourneyRecord, type NewDeviceKey, type PinAttempt } from '@theqa/identity';
import { PreparedStatement } from '../prepared-statement';
import { saveJourney } from './postgres-journey-store';

interface IdentityRow {
  civil_number: string;
  assurance: IdentityRecord['assurance'];
  status: IdentityRecord['status'];
  email: string | null;
  pin_failures: number;
  pin_blocked_at: Date | null;
  pin_reset_required: boolean;
  created_at: Date;
}

export interface DeviceRow {
  serial: string;
  civil_number: string;
  platform: string;
  name: string;
  status: DeviceRecord['status'];
  certificate_serial: string;
  public_key_spki: Buffer;
  pin_verifier: Buffer;
  pin_mac_key: string;
  unseal_key_spki: Buffer | null;
  unseal_mac_key: string | null;
  created_at: Date;
}

export const DEVICE_COLUMNS = 'serial, civil_number, platform, name, status, certificate_serial, public_key_spki, pin_verifier, pin_mac_key, unseal_key_spki, unseal_mac_key, created_at';

export const IDENTITY_COLUMNS = 'civil_number, assurance, status, email, pin_failures, pin_blocked_at, pin_reset_required, created_at';

export function identityFromRow(row: IdentityRow): IdentityRecord {
  return {
    civilNumber: row.civil_number,
    assurance: row.assurance,
    status: row.status,
    email: row.email ?? undefined,
    pinFailures: Number(row.pin_failures),
    pinBlockedAt: row.pin_blocked_at ? new Date(row.pin_blocked_at) : undefined,
    ...(row.pin_reset_required ? { pinResetRequired: true } : {}),
    createdAt: new Date(row.created_at),
  };
}

export function deviceFromRow(row: DeviceRow): DeviceRecord {
  return {
    serial: row.serial,
    civilNumber: row.civil_number,
    platform: row.platform,
    name: row.name,
    status: row.status,
    certificateSerial: row.certificate_serial,
    publicKeySpki: Buffer.from(row.public_key_spki),
    pinVerifier: Buffer.from(row.pin_verifier),
    pinMacKey: row.pin_mac_key,
    ...(row.unseal_key_spki && row.unseal_mac_key ? { unsealing: { keySpki: Buffer.from(row.unseal_key_spki), macKey: row.unseal_mac_key } } : {}),
    createdAt: new Date(row.created_at),
  };
}

// Read at every step of a login by a device: prepared once per connection (see PreparedStatement).
const IDENTITY = new PreparedStatement<IdentityRow>(
  'identity_by_civil_number',
  `SELECT ${IDENTITY_COLUMNS} FROM identity WHERE civil_number = $1`,
);
const DEVICE = new PreparedStatement<DeviceRow>('identity_device_by_serial', `SELECT ${DEVICE_COLUMNS} FROM identity_device WHERE serial = $1`);

/** Identities and their devices (`identity`, `identity_device`). */
export class PostgresIdentityStore implements IdentityStore {
  constructor(private readonly dataSource: DataSource) {}

  async find(civilNumber: string): Promise<IdentityRecord | undefined> {
    const [row] = await IDENTITY.run(this.dataSource, [civilNumber]);
    return row && identityFromRow(row);
  }

  async device(serial: string): Promise<DeviceRecord | undefined> {
    const [row] = await DEVICE.run(this.dataSource, [serial]);
    return row && deviceFromRow(row);
  }

  async devices(civilNumber: string): Promise<DeviceRecord[]> {
    const rows: DeviceRow[] = await this.dataSource.query(`SELECT ${DEVICE_COLUMNS} FROM identity_device WHERE civil_number = $1 ORDER BY created_at`, [civilNumber]);
    return rows.map(deviceFromRow);
  }

  async register(input: { civilNumber: string; email?: string; device: Omit<DeviceRecord, 'createdAt' | 'status'>; journey: JourneyRecord }): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      if (!(await saveJourney(db, input.journey))) throw new IdentityError('journey-busy', 'another request changed this journey at the same time; retry');
      await db.query(
        `INSERT INTO identity (civil_number, assurance, email) VALUES ($1, 'medium', $2)
         ON CONFLICT (civil_number) DO UPDATE SET email = COALESCE(EXCLUDED.email, identity.email), updated_at = now()`,
        [input.civilNumber, input.email ?? null],
      );
      const d = input.device;
      await db.query(
        `INSERT INTO identity_device (serial, civil_number, platform, name, certificate_serial, public_key_spki, pin_verifier, pin_mac_key, unseal_key_spki, unseal_mac_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [d.serial, d.civilNumber, d.platform, d.name, d.certificateSerial, d.publicKeySpki, d.pinVerifier, d.pinMacKey, d.unsealing?.keySpki ?? null, d.unsealing?.macKey ?? null],
      );
    });
  }

  /**
   * `SELECT … FOR UPDATE` makes concurrent attempts on one identity queue behind each other, each
   * seeing the count its predecessor committed; `check` runs inside, so an attempt that finds the
   * identity blocked is never evaluated at all.
   */
  async pinAttempt(civilNumber: string, check: () => Promise<boolean>, rule: { blockAt: number; now: Date }): Promise<PinAttempt> {
    return this.dataSource.transaction(async (db) => {
      const rows: IdentityRow[] = await db.query(
        `SELECT ${IDENTITY_COLUMNS} FROM identity WHERE civil_number = $1 FOR UPDATE`,
        [civilNumber],
      );
      if (!rows[0]) throw new IdentityError('identity-unknown', 'no identity for this device');
      if (rows[0].pin_blocked_at) return rows[0].pin_reset_required ? { outcome: 'blocked', resetRequired: true } : { outcome: 'blocked' };
      const previous = Number(rows[0].pin_failures);
      if (await check()) {
        if (previous > 0) await db.query(`UPDATE identity SET pin_failures = 0, updated_at = now() WHERE civil_number = $1`, [civilNumber]);
        return { outcome: 'right', identity: identityFromRow({ ...rows[0], pin_failures: 0 }) };
      }
      const failures = previous + 1;
      const blocked = failures >= rule.blockAt;
      await db.query(`UPDATE identity SET pin_failures = $2, pin_blocked_at = $3, updated_at = now() WHERE civil_number = $1`, [civilNumber, failures, blocked ? rule.now : null]);
      return { outcome: 'wrong', failures, blocked };
    });
  }

  async setDevicePin(serial: string, verifier: Buffer, macKey: string, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE identity_device SET pin_verifier = $2, pin_mac_key = $3, pin_changed_at = $4 WHERE serial = $1`, [serial, verifier, macKey, now]);
  }

  /** A new certificate brings its unseal key or none: the old one unsealed the old key only. */
  async completePinReset(input: { serial: string; verifier: Buffer; macKey: string; certificate?: NewDeviceKey; dropSigningKey?: boolean; journey: JourneyRecord; now: Date }): Promise<{ droppedSigningCertificate?: string }> {
    return this.dataSource.transaction(async (db) => {
      if (!(await saveJourney(db, input.journey))) throw new IdentityError('journey-busy', 'another request changed this journey at the same time; retry');
      await db.query(`UPDATE identity_device SET pin_verifier = $2, pin_mac_key = $3, pin_changed_at = $4 WHERE serial = $1`, [input.serial, input.verifier, input.macKey, input.now]);
      const key = input.certificate;
      if (key) {
        await db.query(`UPDATE identity_device SET certificate_serial = $2, public_key_spki = $3, unseal_key_spki = $4, unseal_mac_key = $5 WHERE serial = $1`, [
          input.serial,
          key.serial,
          key.spki,
          key.unsealing?.keySpki ?? null,
          key.unsealing?.macKey ?? null,
        ]);
      }
      await db.query(
        `UPDATE identity SET pin_failures = 0, pin_blocked_at = NULL, pin_reset_required = false, updated_at = now() WHERE civil_number = (SELECT civil_number FROM identity_device WHERE serial = $1)`,
        [input.serial],
      );
      if (!input.dropSigningKey) return {};
      // The signing key sealed under the retired unsealing secret: unrecorded with the reset, so it is never asked to sign.
      const dropped = await db.query(`DELETE FROM device_signing_key WHERE device = $1 RETURNING certificate_serial`, [input.serial]);
      const rows = Array.isArray(dropped) && Array.isArray(dropped[0]) ? dropped[0] : dropped;
      return rows[0] ? { droppedSigningCertificate: rows[0].certificate_serial as string } : {};
    });
  }
}
