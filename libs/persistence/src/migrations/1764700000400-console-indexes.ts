import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' console reads the ledger, the audit log and the activity in ways nothing did
 * before, each by one indexed query:
 * - certificates newest first, a page at a time by (reserved_at, serial): across the ledger, or one
 *   person's (this index replaces the person's index by civil number alone, so issuance maintains one
 *   index more, not two);
 * - the audit log by action (actor and subject have theirs), and by time;
 * - the dashboard's per-day counts: activity events by kind and time, completed signatures, revocations.
 */
export class ConsoleIndexes1764700000400 implements MigrationInterface {
  name = 'ConsoleIndexes1764700000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ca_certificate_newest ON ca_certificate (reserved_at DESC, serial_hex DESC)`);
    await db.query(`CREATE INDEX ca_certificate_person_newest ON ca_certificate (civil_number, reserved_at DESC, serial_hex DESC) WHERE civil_number IS NOT NULL`);
    await db.query(`DROP INDEX ca_certificate_civil_number`);
    await db.query(`CREATE INDEX ca_certificate_revoked_at ON ca_certificate (revoked_at) WHERE status = 'revoked'`);
    await db.query(`CREATE INDEX audit_log_action ON audit_log (action, seq)`);
    await db.query(`CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`);
    await db.query(`CREATE INDEX identity_activity_event_time ON identity_activity (event, occurred_at)`);
    await db.query(`CREATE INDEX signing_request_signed_at ON signing_request (completed_at) WHERE status = 'signed'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ca_certificate_civil_number ON ca_certificate (civil_number) WHERE civil_number IS NOT NULL`);
    for (const index of ['signing_request_signed_at', 'identity_activity_event_time', 'audit_log_occurred_at', 'audit_log_action', 'ca_certificate_revoked_at', 'ca_certificate_person_newest', 'ca_certificate_newest']) {
      await db.query(`DROP INDEX ${index}`);
    }
  }
}
