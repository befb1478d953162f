import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every certificate the CA has reserved or issued, the hierarchy's own certificates, CRLs and pre-signed OCSP responses. */
export class CertificateAuthority1763900000001 implements MigrationInterface {
  name = 'CertificateAuthority1763900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ca_certificate (
        serial_hex        text PRIMARY KEY CHECK (serial_hex ~ '^[0-9A-F]{2,40}$'),
        issuer            text NOT NULL,
        profile           text NOT NULL,
        subject           text NOT NULL,
        civil_number      text,
        key_algorithm     text NOT NULL,
        spki_sha256       bytea NOT NULL,
        status            text NOT NULL CHECK (status IN ('pending', 'good', 'revoked', 'on-hold')),
        not_before        timestamptz NOT NULL,
        not_after         timestamptz NOT NULL CHECK (not_after > not_before),
        der               bytea,
        reserved_at       timestamptz NOT NULL DEFAULT now(),
        issued_at         timestamptz,
        revoked_at        timestamptz,
        revocation_reason smallint CHECK (revocation_reason BETWEEN 0 AND 10 AND revocation_reason <> 7),
        invalidity_date   timestamptz,
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'good' OR der IS NOT NULL),
        CHECK (status NOT IN ('revoked', 'on-hold') OR revoked_at IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX ca_certificate_revoked ON ca_certificate (issuer, serial_hex) WHERE status IN ('revoked', 'on-hold')`);
    await db.query(`CREATE INDEX ca_certificate_pending ON ca_certificate (reserved_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX ca_certificate_civil_number ON ca_certificate (civil_number) WHERE civil_number IS NOT NULL`);
    await db.query(`
      CREATE TABLE ca_authority (
        name            text PRIMARY KEY,
        key_label       text NOT NULL,
        certificate_der bytea NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE ca_crl (
        issuer       text PRIMARY KEY,
        crl_number   bigint NOT NULL CHECK (crl_number >= 0),
        this_update  timestamptz NOT NULL,
        next_update  timestamptz NOT NULL,
        entries      integer NOT NULL,
        der          bytea NOT NULL
      )`);
    // Pre-signed OCSP answers, one per certificate and CertID encoding, shared by every instance.
    await db.query(`
      CREATE TABLE ca_ocsp_response (
        serial_hex  text NOT NULL,
        variant     text NOT NULL,
        issuer      text NOT NULL,
        der         bytea NOT NULL,
        next_update timestamptz NOT NULL,
        PRIMARY KEY (serial_hex, variant)
      )`);
    // Bumped by every status change: instances compare it to know their in-memory answers are current.
    await db.query(`CREATE TABLE ca_status_epoch (id smallint PRIMARY KEY CHECK (id = 1), epoch bigint NOT NULL)`);
    await db.query(`INSERT INTO ca_status_epoch (id, epoch) VALUES (1, 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['ca_status_epoch', 'ca_ocsp_response', 'ca_crl', 'ca_authority', 'ca_certificate']) await db.query(`DROP TABLE ${table}`);
  }
}
