import type { DataSource } from 'typeorm';
import type { DeviceLifecycleStore, DeviceRecord, RevokedDevice } from '@theqa/identity';
import { DEVICE_COLUMNS, deviceFromRow, type DeviceRow } from './postgres-identity-store';

const columnsOf = (alias: string) => DEVICE_COLUMNS.split(', ').map((c) => `${alias}.${c}`).join(', ');

/** Renaming and revoking a person's own device (`identity_device`), each decided by one conditional UPDATE. */
export class PostgresDeviceLifecycle implements DeviceLifecycleStore {
  constructor(private readonly dataSource: DataSource) {}

  async rename(civilNumber: string, serial: string, name: string): Promise<DeviceRecord | undefined> {
    const result: unknown[] = await this.dataSource.query(
      `UPDATE identity_device SET name = $3 WHERE serial = $1 AND civil_number = $2 AND status = 'active' RETURNING ${DEVICE_COLUMNS}`,
      [serial, civilNumber, name],
    );
    // UPDATE … RETURNING comes back as [rows, count] through TypeORM.
    const [row] = (Array.isArray(result[0]) ? result[0] : result) as DeviceRow[];
    return row && deviceFromRow(row);
  }

  /**
   * The UPDATE decides (only an active device of this person becomes revoked, so of two reports at
   * once one changes it); the same statement reads the device and its signing key's certificate.
   */
  async revoke(civilNumber: string, serial: string): Promise<RevokedDevice | undefined> {
    const rows: Array<DeviceRow & { changed: boolean; signing_certificate: string | null }> = await this.dataSource.query(
      `WITH changed AS (
         UPDATE identity_device SET status = 'revoked' WHERE serial = $1 AND civil_number = $2 AND status = 'active' RETURNING serial
       )
       SELECT ${columnsOf('d')}, EXISTS (SELECT 1 FROM changed) AS changed, k.certificate_serial AS signing_certificate
         FROM identity_device d LEFT JOIN device_signing_key k ON k.device = d.serial
        WHERE d.serial = $1 AND d.civil_number = $2`,
      [serial, civilNumber],
    );
    const row = rows[0];
    if (!row) return undefined;
    // The SELECT saw the row as the statement began; whatever it saw, the device is revoked now.
    return { device: { ...deviceFromRow(row), status: 'revoked' }, changed: row.changed === true, ...(row.signing_certificate ? { signingCertificate: row.signing_certificate } : {}) };
  }
}
