import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Facts about this installation that must survive restarts (its identity, when it was first started). */
export class PlatformMetadata1763800000000 implements MigrationInterface {
  name = 'PlatformMetadata1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await db.query(`
      CREATE TABLE platform_metadata (
        key        text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]{0,62}$'),
        value      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE platform_metadata`);
  }
}
