import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's activity is paged newest first by id (a stable cursor: ids only grow), so it is indexed by
 * person and id; nothing reads it by time any more, so the index by time goes.
 */
export class ActivityPaging1764600000100 implements MigrationInterface {
  name = 'ActivityPaging1764600000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX identity_activity_person_newest ON identity_activity (civil_number, id DESC)`);
    await db.query(`DROP INDEX identity_activity_person`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX identity_activity_person ON identity_activity (civil_number, occurred_at DESC)`);
    await db.query(`DROP INDEX identity_activity_person_newest`);
  }
}
