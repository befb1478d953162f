import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One consent in force per person and relying party, as the database's own rule. A newer consent takes
 * the place of the one before (replaced_at), a withdrawal ends it (withdrawn_at), never both. Earlier
 * versions could leave several in force (a form sent twice): one that a later consent's withdrawal
 * should have ended is withdrawn with it (the person's last act was to withdraw); of the rest, the
 * newest stays and the others are marked replaced by it.
 */
export class OneConsentInForce1764450000001 implements MigrationInterface {
  name = 'OneConsentInForce1764450000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE consent ADD COLUMN replaced_at timestamptz, ADD CONSTRAINT consent_ended_once CHECK (withdrawn_at IS NULL OR replaced_at IS NULL)`);
    await db.query(`
      UPDATE consent AS older SET withdrawn_at = later.withdrawn_at
        FROM consent AS later
       WHERE older.withdrawn_at IS NULL AND later.withdrawn_at IS NOT NULL AND later.id <> older.id
         AND later.civil_number = older.civil_number AND later.client_id = older.client_id AND later.granted_at >= older.granted_at`);
    await db.query(`
      UPDATE consent AS older SET replaced_at = ranked.newest_granted_at
        FROM (SELECT id,
                     row_number() OVER (PARTITION BY civil_number, client_id ORDER BY granted_at DESC, id DESC) AS rank,
                     max(granted_at) OVER (PARTITION BY civil_number, client_id) AS newest_granted_at
                FROM consent WHERE withdrawn_at IS NULL) AS ranked
       WHERE older.id = ranked.id AND ranked.rank > 1`);
    await db.query(`CREATE UNIQUE INDEX consent_in_force ON consent (civil_number, client_id) WHERE withdrawn_at IS NULL AND replaced_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX consent_in_force`);
    await db.query(`ALTER TABLE consent DROP CONSTRAINT consent_ended_once, DROP COLUMN replaced_at`);
  }
}
