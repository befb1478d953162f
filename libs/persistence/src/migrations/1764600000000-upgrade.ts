import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The upgrade to HIGH (issue 13) is a third kind of identity journey. Begun by the portal before any
 * device holds its token, it is found by the request id of the QR code it shows (`scan_request`,
 * derived from the journey's state so that every save keeps it current, unique while set) until the
 * picked device claims it; a person has at most one open upgrade (the database decides between two
 * begun at once).
 */
export class Upgrade1764600000000 implements MigrationInterface {
  name = 'Upgrade1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE identity_journey DROP CONSTRAINT identity_journey_kind_check`);
    await db.query(`ALTER TABLE identity_journey ADD CONSTRAINT identity_journey_kind_check CHECK (kind IN ('registration', 'pin-reset', 'upgrade'))`);
    await db.query(`ALTER TABLE identity_journey ADD COLUMN scan_request text GENERATED ALWAYS AS (state -> 'scan' ->> 'request') STORED`);
    await db.query(`CREATE UNIQUE INDEX identity_journey_scan_request ON identity_journey (scan_request) WHERE scan_request IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX identity_journey_one_open_upgrade ON identity_journey (civil_number) WHERE kind = 'upgrade' AND status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX identity_journey_one_open_upgrade`);
    await db.query(`DROP INDEX identity_journey_scan_request`);
    await db.query(`ALTER TABLE identity_journey DROP COLUMN scan_request`);
    await db.query(`DELETE FROM identity_journey WHERE kind = 'upgrade'`);
    await db.query(`ALTER TABLE identity_journey DROP CONSTRAINT identity_journey_kind_check`);
    await db.query(`ALTER TABLE identity_journey ADD CONSTRAINT identity_journey_kind_check CHECK (kind IN ('registration', 'pin-reset'))`);
  }
}
