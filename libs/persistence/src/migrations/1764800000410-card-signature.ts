import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signatures with the ID card in the portal (the Tam flow): the PDF uploaded, the PAdES signature
 * prepared for the card's signing certificate (its state, the digest the card signs), then the signed
 * PDF. Between the two phases any instance may take the card's answer, so all of it is here; each
 * change of status is one conditional UPDATE (prepared → completing: one answer completes it).
 */
export class CardSignature1764800000410 implements MigrationInterface {
  name = 'CardSignature1764800000410';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE card_signature (
        id                  text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{22}$'),
        civil_number        text NOT NULL CHECK (civil_number ~ '^[0-9]{6,12}$'),
        status              text NOT NULL CHECK (status IN ('uploaded', 'prepared', 'completing', 'signed', 'failed')),
        document_name_ar    text NOT NULL,
        document_name_en    text NOT NULL,
        document_sha256     text NOT NULL,
        document_pages      integer NOT NULL,
        document_bytes      integer NOT NULL,
        reason              text,
        pdf                 bytea NOT NULL,
        certificate         bytea,
        certificate_serial  text,
        prepared            jsonb,
        digest              bytea,
        signed_pdf          bytea,
        signed_sha256       text,
        failure             text,
        created_at          timestamptz NOT NULL DEFAULT now(),
        expires_at          timestamptz NOT NULL,
        completed_at        timestamptz,
        CHECK (status = 'uploaded' OR (certificate IS NOT NULL AND prepared IS NOT NULL AND digest IS NOT NULL) OR status = 'failed'),
        CHECK (status <> 'signed' OR signed_pdf IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX card_signature_person ON card_signature (civil_number, created_at DESC)`);
    await db.query(`CREATE INDEX card_signature_expiry ON card_signature (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE card_signature`);
  }
}
