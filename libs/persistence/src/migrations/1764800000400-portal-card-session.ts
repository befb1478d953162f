import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A portal session opened by a login with the ID card (Web eID at the gateway): no wallet device
 * approved it, so `device` is empty — and such a session is always at high assurance (a qualified
 * card certificate). A card holder need not have enrolled in THEQA: the session's person is the
 * civil registry's, not necessarily a row of `identity`.
 */
export class PortalCardSession1764800000400 implements MigrationInterface {
  name = 'PortalCardSession1764800000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE portal_session DROP CONSTRAINT IF EXISTS portal_session_civil_number_fkey`);
    await db.query(`ALTER TABLE portal_session ALTER COLUMN device DROP NOT NULL`);
    await db.query(`ALTER TABLE portal_session ADD CONSTRAINT portal_session_card_is_high CHECK (device IS NOT NULL OR acr = 'high')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM portal_session WHERE device IS NULL OR civil_number NOT IN (SELECT civil_number FROM identity)`);
    await db.query(`ALTER TABLE portal_session DROP CONSTRAINT portal_session_card_is_high`);
    await db.query(`ALTER TABLE portal_session ALTER COLUMN device SET NOT NULL`);
    await db.query(`ALTER TABLE portal_session ADD CONSTRAINT portal_session_civil_number_fkey FOREIGN KEY (civil_number) REFERENCES identity (civil_number)`);
  }
}
