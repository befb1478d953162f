import type { DataSource } from 'typeorm';

/** One certificate put on a card at personalisation. */
export interface IssuedCardCertificate {
  certificateSerial: string;
  civilNumber: string;
  /** The registry's serial number of the physical card. */
  cardSerialNumber: string;
  /** The card's token label as personalised (`<label> (PIN1)` / `(PIN2)` on the chip). */
  cardLabel: string;
  key: 'authentication' | 'signing';
}

/**
 * Which physical card each card certificate is on (`id_card_certificate`): written at personalisation,
 * read at an ID-card login (to ask the registry about that very card) and when a new card supersedes a
 * person's earlier ones.
 */
export class PostgresIssuedIdCards {
  constructor(private readonly dataSource: DataSource) {}

  async record(certificates: readonly IssuedCardCertificate[]): Promise<void> {
    for (const c of certificates) {
      await this.dataSource.query(
        `INSERT INTO id_card_certificate (certificate_serial, civil_number, card_serial_number, card_label, card_key) VALUES ($1, $2, $3, $4, $5)`,
        [c.certificateSerial.toUpperCase(), c.civilNumber, c.cardSerialNumber, c.cardLabel, c.key],
      );
    }
  }

  async ofCertificate(certificateSerial: string): Promise<IssuedCardCertificate | undefined> {
    const [row]: Row[] = await this.dataSource.query(`SELECT * FROM id_card_certificate WHERE certificate_serial = $1`, [certificateSerial.toUpperCase()]);
    return row && fromRow(row);
  }

  /** The certificates of the person's cards other than this one (a new card supersedes them). */
  async ofOtherCards(civilNumber: string, cardSerialNumber: string): Promise<IssuedCardCertificate[]> {
    const rows: Row[] = await this.dataSource.query(`SELECT * FROM id_card_certificate WHERE civil_number = $1 AND card_serial_number <> $2 ORDER BY personalised_at`, [civilNumber, cardSerialNumber]);
    return rows.map(fromRow);
  }
}

interface Row {
  certificate_serial: string;
  civil_number: string;
  card_serial_number: string;
  card_label: string;
  card_key: 'authentication' | 'signing';
}

function fromRow(row: Row): IssuedCardCertificate {
  return { certificateSerial: row.certificate_serial, civilNumber: row.civil_number, cardSerialNumber: row.card_serial_number, cardLabel: row.card_label, key: row.card_key };
}
