import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web eID challenge nonces (login with the ID card): each issued to one browser interaction
 * (`binding`), short-lived, used once. Using one is a single conditional UPDATE that sets `used_at`;
 * the row stays until housekeeping purges it a day after it lapsed, so that a second use is told
 * "used" rather than "unknown".
 */
export class WebEidChallenge1764800000300 implements MigrationInterface {
  name = 'WebEidChallenge1764800000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE web_eid_challenge (
        nonce       text PRIMARY KEY CHECK (nonce ~ '^[A-Za-z0-9+/]{43}=$'),
        binding     text NOT NULL CHECK (length(binding) BETWEEN 1 AND 200),
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await db.query(`CREATE INDEX web_eid_challenge_expiry ON web_eid_challenge (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE web_eid_challenge`);
  }
}
