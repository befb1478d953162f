import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Document signing (issue 12). A device's signing key — separate from its device key, made on the
 * device at the upgrade to HIGH — and the qualified certificate issued for it. Signing requests from
 * relying parties: the document as submitted, the prepared signature (its incremental update and the
 * CMS signed attributes), the signing challenge sent to the device, and once signed the signed file.
 * The status changes in single conditional UPDATEs (pending → completing → signed), so two answers
 * cannot both complete a request. The client-assertion ids (`jti`) the signing API has accepted, so
 * that a private_key_jwt assertion is used once.
 */
export class Signing1764500000000 implements MigrationInterface {
  name = 'Signing1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE device_signing_key (
        device              text PRIMARY KEY REFERENCES identity_device (serial),
        public_key_spki     bytea NOT NULL,
        certificate_serial  text NOT NULL,
        certificate_der     bytea NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE signing_request (
        id                   text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
        relying_party        text NOT NULL,
        civil_number         text NOT NULL REFERENCES identity (civil_number),
        device               text NOT NULL REFERENCES identity_device (serial),
        status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completing', 'signed', 'declined', 'expired', 'failed')),
        document_name_ar     text NOT NULL,
        document_name_en     text NOT NULL,
        document_sha256      text NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        document_pages       integer NOT NULL CHECK (document_pages > 0),
        document_bytes       integer NOT NULL CHECK (document_bytes > 0),
        reason               text,
        level                text NOT NULL CHECK (level IN ('B-B', 'B-T', 'B-LT', 'B-LTA')),
        code                 text NOT NULL,
        input_pdf            bytea NOT NULL,
        prepared             jsonb NOT NULL,
        challenge            text NOT NULL,
        webhook_url          text,
        webhook_attempts     integer NOT NULL DEFAULT 0,
        webhook_due_at       timestamptz,
        webhook_delivered_at timestamptz,
        created_at           timestamptz NOT NULL DEFAULT now(),
        expires_at           timestamptz NOT NULL,
        completed_at         timestamptz,
        signed_pdf           bytea,
        signed_sha256        text,
        failure              text,
        CHECK ((status = 'signed') = (signed_pdf IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX signing_request_expiry ON signing_request (expires_at)`);
    await db.query(`CREATE INDEX signing_request_relying_party ON signing_request (relying_party, created_at)`);
    await db.query(`CREATE INDEX signing_request_civil_number ON signing_request (civil_number, created_at)`);
    await db.query(`CREATE INDEX signing_request_webhook_due ON signing_request (webhook_due_at) WHERE webhook_due_at IS NOT NULL`);
    await db.query(`
      CREATE TABLE client_assertion_use (
        client_id   text NOT NULL,
        jti         text NOT NULL,
        expires_at  timestamptz NOT NULL,
        PRIMARY KEY (client_id, jti)
      )`);
    await db.query(`CREATE INDEX client_assertion_use_expiry ON client_assertion_use (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE client_assertion_use`);
    await db.query(`DROP TABLE signing_request`);
    await db.query(`DROP TABLE device_signing_key`);
  }
}
