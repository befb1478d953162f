import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which physical ID card (the registry's card serial number) each card certificate was put on at
 * personalisation. A certificate runs to the card's printed expiry; this is how the platform knows a
 * card the registry has since cancelled or replaced: the login asks the registry about that card, and
 * personalising a new card supersedes the certificates of the person's other cards.
 */
export class IssuedIdCard1764800000500 implements MigrationInterface {
  name = 'IssuedIdCard1764800000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE id_card_certificate (
        certificate_serial  text PRIMARY KEY CHECK (certificate_serial ~ '^[0-9A-F]{2,40}$'),
        civil_number        text NOT NULL CHECK (civil_number ~ '^[0-9]{6,12}$'),
        card_serial_number  text NOT NULL CHECK (length(card_serial_number) BETWEEN 1 AND 64),
        card_label          text NOT NULL CHECK (length(card_label) BETWEEN 1 AND 64),
        card_key            text NOT NULL CHECK (card_key IN ('authentication', 'signing')),
        personalised_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX id_card_certificate_person ON id_card_certificate (civil_number, card_serial_number)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE id_card_certificate`);
  }
}
