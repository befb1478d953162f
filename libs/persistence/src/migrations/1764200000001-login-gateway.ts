import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The login gateway's state, so that any instance can serve any step: the OpenID Provider's models
 * (sessions, interactions, codes, tokens, grants, PAR and CIBA requests), the login requests that
 * reach the wallets, and the rate-limit counters.
 */
export class LoginGateway1764200000001 implements MigrationInterface {
  name = 'LoginGateway1764200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE oidc_model (
        kind        text NOT NULL,
        id          text NOT NULL,
        payload     jsonb NOT NULL,
        grant_id    text,
        user_code   text,
        uid         text,
        expires_at  timestamptz,
        consumed_at timestamptz,
        PRIMARY KEY (kind, id)
      )`);
    await db.query(`CREATE INDEX oidc_model_grant ON oidc_model (grant_id) WHERE grant_id IS NOT NULL`);
    await db.query(`CREATE INDEX oidc_model_uid ON oidc_model (uid) WHERE uid IS NOT NULL`);
    await db.query(`CREATE INDEX oidc_model_user_code ON oidc_model (user_code) WHERE user_code IS NOT NULL`);
    await db.query(`CREATE INDEX oidc_model_expiry ON oidc_model (expires_at)`);
    await db.query(`
      CREATE TABLE login_request (
        id           text PRIMARY KEY,
        interaction  text,
        ciba_request text,
        status       text NOT NULL CHECK (status IN ('pending', 'claimed', 'approved', 'denied', 'expired')),
        expires_at   timestamptz NOT NULL,
        created_at   timestamptz NOT NULL,
        version      integer NOT NULL,
        data         jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX login_request_interaction ON login_request (interaction, created_at DESC) WHERE interaction IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX login_request_ciba ON login_request (ciba_request) WHERE ciba_request IS NOT NULL`);
    await db.query(`
      CREATE TABLE rate_limit (
        bucket            text PRIMARY KEY,
        window_started_at timestamptz NOT NULL,
        hits              integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit`);
    await db.query(`DROP TABLE login_request`);
    await db.query(`DROP TABLE oidc_model`);
  }
}
