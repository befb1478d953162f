import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digital identities, their devices, the journeys that make and repair them, device challenges, the
 * person's activity history and the SMS outbox. No PIN and no one-time code is ever stored: only
 * MACs under a key that lives in the key store.
 */
export class Identity1764000000000 implements MigrationInterface {
  name = 'Identity1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity (
        civil_number   text PRIMARY KEY CHECK (civil_number ~ '^[0-9]{6,12}$'),
        assurance      text NOT NULL CHECK (assurance IN ('medium', 'high')),
        status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        email          text,
        pin_failures   smallint NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
        pin_blocked_at timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE identity_device (
        serial              text PRIMARY KEY CHECK (serial ~ '^THQ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
        civil_number        text NOT NULL REFERENCES identity (civil_number),
        platform            text NOT NULL,
        name                text NOT NULL,
        status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        certificate_serial  text NOT NULL,
        public_key_spki     bytea NOT NULL,
        pin_verifier        bytea NOT NULL CHECK (length(pin_verifier) = 32),
        pin_mac_key         text NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        pin_changed_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX identity_device_civil_number ON identity_device (civil_number)`);
    // A journey is reached by its bearer token; only the token's SHA-256 is kept.
    await db.query(`
      CREATE TABLE identity_journey (
        token_sha256    bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
        id              uuid NOT NULL UNIQUE,
        kind            text NOT NULL CHECK (kind IN ('registration', 'pin-reset')),
        civil_number    text NOT NULL,
        step            text NOT NULL,
        status          text NOT NULL CHECK (status IN ('open', 'completed', 'failed')),
        step_expires_at timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        state           jsonb NOT NULL,
        version         integer NOT NULL DEFAULT 0,
        failure         text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX identity_journey_open ON identity_journey (civil_number) WHERE status = 'open'`);
    await db.query(`
      CREATE TABLE identity_terms_acceptance (
        civil_number text NOT NULL,
        version      text NOT NULL,
        journey_id   uuid NOT NULL,
        accepted_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (journey_id, version)
      )`);
    await db.query(`
      CREATE TABLE device_challenge (
        id           text PRIMARY KEY,
        device       text NOT NULL REFERENCES identity_device (serial),
        purpose      text NOT NULL,
        payload      text NOT NULL,
        expires_at   timestamptz NOT NULL,
        answered_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX device_challenge_expiry ON device_challenge (expires_at)`);
    await db.query(`
      CREATE TABLE identity_activity (
        id           bigserial PRIMARY KEY,
        civil_number text NOT NULL,
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        event        text NOT NULL,
        device       text,
        details      jsonb NOT NULL DEFAULT '{}'
      )`);
    await db.query(`CREATE INDEX identity_activity_person ON identity_activity (civil_number, occurred_at DESC)`);
    await db.query(`
      CREATE TABLE sms_outbox (
        id          text PRIMARY KEY,
        phone       text NOT NULL,
        purpose     text NOT NULL,
        text        text NOT NULL,
        encoding    text NOT NULL,
        segments    smallint NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sms_outbox_phone ON sms_outbox (phone, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['sms_outbox', 'identity_activity', 'device_challenge', 'identity_terms_acceptance', 'identity_journey', 'identity_device', 'identity']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
