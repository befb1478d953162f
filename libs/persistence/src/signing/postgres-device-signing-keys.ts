import type { DataSource } from 'typeorm';
import type { DeviceSigningKey, DeviceSigningKeyStore } from '@theqa/signing';

interface Row {
  device: string;
  public_key_spki: Buffer;
  certificate_serial: string;
  certificate_der: Buffer;
  created_at: Date;
}

const fromRow = (r: Row): DeviceSigningKey => ({
  device: r.device,
  publicKeySpki: Buffer.from(r.public_key_spki),
  certificateSerial: r.certificate_serial,
  certificate: Buffer.from(r.certificate_der),
  createdAt: new Date(r.created_at),
});

/** Devices' signing keys (`device_signing_key`): one per device; a new upgrade of the device replaces it. */
export class PostgresDeviceSigningKeys implements DeviceSigningKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async ofDevice(device: string): Promise<DeviceSigningKey | undefined> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM device_signing_key WHERE device = $1`, [device]);
    return rows[0] && fromRow(rows[0]);
  }

  async ofPerson(civilNumber: string): Promise<DeviceSigningKey[]> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT k.* FROM device_signing_key k JOIN identity_device d ON d.serial = k.device WHERE d.civil_number = $1 ORDER BY k.created_at DESC`,
      [civilNumber],
    );
    return rows.map(fromRow);
  }

  async record(key: Omit<DeviceSigningKey, 'createdAt'>, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO device_signing_key (device, public_key_spki, certificate_serial, certificate_der, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (device) DO UPDATE SET public_key_spki = EXCLUDED.public_key_spki, certificate_serial = EXCLUDED.certificate_serial,
         certificate_der = EXCLUDED.certificate_der, created_at = EXCLUDED.created_at`,
      [key.device, key.publicKeySpki, key.certificateSerial, key.certificate, now],
    );
  }
}
