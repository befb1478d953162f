import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed, time-stamped checkpoints of the audit chain's head (libs/audit, docs/security/audit.md).
 * Append-only like the log: the application role may insert and read them, and only the owner could
 * disable the trigger.
 */
export class AuditCheckpoint1764390000000 implements MigrationInterface {
  name = 'AuditCheckpoint1764390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_checkpoint (
        number              bigint PRIMARY KEY CHECK (number > 0),
        chain_seq           bigint NOT NULL CHECK (chain_seq > 0),
        chain_hash          bytea NOT NULL CHECK (length(chain_hash) = 32),
        at                  timestamptz NOT NULL,
        previous            bytea NOT NULL CHECK (length(previous) = 32),
        key_label           text NOT NULL,
        key_spki            bytea NOT NULL,
        signature_algorithm text NOT NULL,
        signature           bytea NOT NULL,
        time_stamp_token    bytea NOT NULL
      )`);
    await db.query(`
      CREATE FUNCTION audit_checkpoint_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoint is append-only';
      END $$`);
    await db.query(`CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only()`);
    await db.query(`CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_checkpoint`);
    await db.query(`DROP FUNCTION audit_checkpoint_append_only()`);
  }
}
