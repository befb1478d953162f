import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A relying party may be registered to send its authorization requests through PAR only (FAPI 2.0). */
export class RelyingPartyPar1764450000000 implements MigrationInterface {
  name = 'RelyingPartyPar1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE relying_party ADD COLUMN require_pushed_authorization_requests boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE relying_party DROP COLUMN require_pushed_authorization_requests`);
  }
}
