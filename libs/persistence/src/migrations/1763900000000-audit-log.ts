import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hash-chained audit log shared by every app; append-only, enforced by a trigger. */
export class AuditLog1763900000000 implements MigrationInterface {
  name = 'AuditLog1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        seq         bigint PRIMARY KEY CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        action      text NOT NULL,
        actor       text NOT NULL,
        subject     text NOT NULL,
        details     text NOT NULL,
        prev_hash   bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash        bytea NOT NULL UNIQUE CHECK (length(hash) = 32)
      )`);
    await db.query(`CREATE INDEX audit_log_subject ON audit_log (subject, seq)`);
    await db.query(`CREATE INDEX audit_log_actor ON audit_log (actor, seq)`);
    // One row that appenders lock: it serialises the chain across every instance of every app.
    await db.query(`
      CREATE TABLE audit_chain_head (
        id   smallint PRIMARY KEY CHECK (id = 1),
        seq  bigint NOT NULL,
        hash bytea NOT NULL CHECK (length(hash) = 32)
      )`);
    await db.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'))`);
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await db.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await db.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_chain_head`);
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
