import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every table the housekeeping purges (libs/persistence/src/housekeeping) has an index on the column it
 * purges by, so that the every-ten-minutes delete on each instance reads only what lapsed instead of
 * scanning the table.
 */
export class ExpiryIndexes1764350000000 implements MigrationInterface {
  name = 'ExpiryIndexes1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX login_request_expiry ON login_request (expires_at)`);
    await db.query(`CREATE INDEX rate_limit_window ON rate_limit (window_started_at)`);
    await db.query(`CREATE INDEX device_push_expiry ON device_push (expires_at)`);
    await db.query(`CREATE INDEX identity_journey_expiry ON identity_journey (expires_at)`);
    await db.query(`CREATE INDEX sms_outbox_created ON sms_outbox (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['sms_outbox_created', 'identity_journey_expiry', 'device_push_expiry', 'rate_limit_window', 'login_request_expiry']) {
      await db.query(`DROP INDEX ${index}`);
    }
  }
}
