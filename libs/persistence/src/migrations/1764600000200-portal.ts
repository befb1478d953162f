import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The self-service portal's web sessions and the logins it has under way, so that any instance serves
 * any request. A session is reached by the token in its cookie, of which only the SHA-256 is kept; it
 * lapses when idle (last_seen_at, against the configured idle time) or at expires_at (the absolute
 * end), and ends with its device (`device`: the one that approved the login). A login transaction
 * (PKCE verifier, state, nonce) is taken once, by a DELETE, when the gateway sends the person back.
 */
export class Portal1764600000200 implements MigrationInterface {
  name = 'Portal1764600000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE portal_session (
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
    await db.query(`CREATE INDEX portal_session_device ON portal_session (device)`);
    await db.query(`CREATE INDEX portal_session_expiry ON portal_session (expires_at)`);
    await db.query(`
      CREATE TABLE portal_login (
        id_sha256     bytea PRIMARY KEY CHECK (length(id_sha256) = 32),
        state         text NOT NULL,
        nonce         text NOT NULL,
        code_verifier text NOT NULL,
        lang          text NOT NULL CHECK (lang IN ('ar', 'en')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX portal_login_expiry ON portal_login (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE portal_login`);
    await db.query(`DROP TABLE portal_session`);
  }
}
