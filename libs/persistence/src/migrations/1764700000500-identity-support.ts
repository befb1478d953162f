import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the administrators' support desk does to an identity (libs/identity src/support):
 * - `identity_suspension`: each suspension, who decided it and why, and the certificates IT put on
 *   hold (`held_certificates`): a restore releases exactly those, never a certificate held for another
 *   reason. At most one open (not restored) suspension per person, which the database enforces.
 * - `identity.pin_reset_required`: an administrator asked for the PIN to be reset. The PIN is then
 *   blocked (`pin_blocked_at`, which every login, signing and unsealing already honours) and only the
 *   reset journey (face match and SMS code) lifts it; the flag says why it is blocked.
 * - logins per day of one relying party are counted from the activity's `login.approved` entries.
 */
export class IdentitySupport1764700000500 implements MigrationInterface {
  name = 'IdentitySupport1764700000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity ADD COLUMN pin_reset_required boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE identity_suspension (
        id                bigserial PRIMARY KEY,
        civil_number      text NOT NULL REFERENCES identity (civil_number),
        reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        suspended_by      text NOT NULL,
        suspended_at      timestamptz NOT NULL,
        held_certificates text[] NOT NULL DEFAULT '{}',
        restored_by       text,
        restored_at       timestamptz,
        CHECK ((restored_by IS NULL) = (restored_at IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX identity_suspension_open ON identity_suspension (civil_number) WHERE restored_at IS NULL`);
    await db.query(`CREATE INDEX identity_suspension_person ON identity_suspension (civil_number, id DESC)`);
    await db.query(`CREATE INDEX identity_activity_logins ON identity_activity ((details->>'client'), occurred_at) WHERE event = 'login.approved'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX identity_activity_logins`);
    await db.query(`DROP TABLE identity_suspension`);
    await db.query(`ALTER TABLE identity DROP COLUMN pin_reset_required`);
  }
}
