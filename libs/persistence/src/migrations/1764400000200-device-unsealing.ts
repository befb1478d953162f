import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Server-assisted unsealing of a wallet's device key (docs/security/pin.md): the public key a wallet
 * asks for its unsealing secret with, and the label of the key-store MAC key the secret is derived
 * under. The secret itself is never stored: HMAC(K, serial ‖ SHA-256(unseal key)), like the PIN verifier.
 * Devices that keep their key elsewhere (the web wallet's WebCrypto key) have neither.
 */
export class DeviceUnsealing1764400000200 implements MigrationInterface {
  name = 'DeviceUnsealing1764400000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE identity_device
        ADD COLUMN unseal_key_spki bytea,
        ADD COLUMN unseal_mac_key  text,
        ADD CONSTRAINT identity_device_unsealing CHECK ((unseal_key_spki IS NULL) = (unseal_mac_key IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_device DROP CONSTRAINT identity_device_unsealing, DROP COLUMN unseal_mac_key, DROP COLUMN unseal_key_spki`);
  }
}
