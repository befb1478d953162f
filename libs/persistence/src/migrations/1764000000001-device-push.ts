import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications waiting for a device: any instance writes them, the instance the device polls reads them. */
export class DevicePush1764000000001 implements MigrationInterface {
  name = 'DevicePush1764000000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE device_push (
        id          bigserial PRIMARY KEY,
        device      text NOT NULL,
        payload     jsonb NOT NULL,
        sent_at     timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX device_push_device ON device_push (device, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE device_push`);
  }
}
