import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Consents to release personal data to relying parties, kept after withdrawal as the record of what was shared. */
export class Consent1764100000000 implements MigrationInterface {
  name = 'Consent1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE consent (
        id           uuid PRIMARY KEY,
        civil_number text NOT NULL,
        client_id    text NOT NULL,
        claims       text[] NOT NULL,
        purpose_ar   text NOT NULL,
        purpose_en   text NOT NULL,
        granted_at   timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL CHECK (expires_at > granted_at),
        withdrawn_at timestamptz
      )`);
    await db.query(`CREATE INDEX consent_person ON consent (civil_number, client_id, granted_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE consent`);
  }
}
