import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' console: its four-eyes proposals, and its own web sessions and logins under
 * way — apart from the portal's, so that an administrator's session is never a portal session nor
 * the other way round (the same shape as portal_session and portal_login).
 *
 * A proposal is decided by one UPDATE (pending, not lapsed, by someone else than its proposer); the
 * CHECK keeps even a faulty statement from recording a proposer deciding their own proposal.
 */
export class Administration1764700000140 implements MigrationInterface {
  name = 'Administration1764700000140';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE admin_proposal (
        id              uuid PRIMARY KEY,
        action          text NOT NULL CHECK (action ~ '^[a-z][a-z-]*\\.[a-z][a-z-]*$'),
        subject         text NOT NULL,
        details         jsonb NOT NULL DEFAULT '{}'::jsonb,
        proposer        text NOT NULL,
        proposer_roles  text[] NOT NULL,
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'executed', 'failed')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        decided_by      text CHECK (decided_by <> proposer),
        decided_at      timestamptz,
        reason          text,
        outcome         jsonb,
        CHECK ((status = 'pending') = (decided_by IS NULL))
      )`);
    await db.query(`CREATE INDEX admin_proposal_pending ON admin_proposal (created_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX admin_proposal_decided ON admin_proposal (decided_at) WHERE status <> 'pending'`);
    await db.query(`
      CREATE TABLE admin_session (
        id_sha256     bytea PRIMARY KEY CHECK (length(id_sha256) = 32),
        civil_number  text NOT NULL REFERENCES identity (civil_number),
        device        text NOT NULL REFERENCES identity_device (serial),
        acr           text NOT NULL CHECK (acr IN ('medium', 'high')),
        name_ar       text,
        name_en       text,
        csrf_token    text NOT NULL CHECK (csrf_token ~ '^[A-Za-z0-9_-]{43}$'),
        id_token      text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX admin_session_device ON admin_session (device)`);
    await db.query(`CREATE INDEX admin_session_expiry ON admin_session (expires_at)`);
    await db.query(`
      CREATE TABLE admin_login (
        id_sha256     bytea PRIMARY KEY CHECK (length(id_sha256) = 32),
        state         text NOT NULL,
        nonce         text NOT NULL,
        code_verifier text NOT NULL,
        lang          text NOT NULL CHECK (lang IN ('ar', 'en')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX admin_login_expiry ON admin_login (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE admin_login`);
    await db.query(`DROP TABLE admin_session`);
    await db.query(`DROP TABLE admin_proposal`);
  }
}
