import type { DataSource } from 'typeorm';
import type { SmsMessage, SmsOutbox } from '@theqa/integrations';

interface SmsRow {
  id: string;
  phone: string;
  purpose: string;
  text: string;
  encoding: SmsMessage['encoding'];
  segments: number;
  created_at: Date;
}

const toMessage = (r: SmsRow): SmsMessage => ({
  id: r.id,
  to: r.phone,
  purpose: r.purpose,
  text: r.text,
  encoding: r.encoding,
  segments: Number(r.segments),
  sentAt: new Date(r.created_at).toISOString(),
});

/** The dev SMS gateway's outbox in `sms_outbox`, so the CLI and /dev/sms see what any instance sent. */
export class PostgresSmsOutbox implements SmsOutbox {
  constructor(private readonly dataSource: DataSource) {}

  async record(m: SmsMessage): Promise<void> {
    await this.dataSource.query(`INSERT INTO sms_outbox (id, phone, purpose, text, encoding, segments, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      m.id,
      m.to,
      m.purpose,
      m.text,
      m.encoding,
      m.segments,
      m.sentAt,
    ]);
  }

  async latestFor(phone: string, purpose?: string): Promise<SmsMessage | undefined> {
    const rows: SmsRow[] = await this.dataSource.query(
      `SELECT * FROM sms_outbox WHERE phone = $1 AND ($2::text IS NULL OR purpose = $2) ORDER BY created_at DESC, id DESC LIMIT 1`,
      [phone, purpose ?? null],
    );
    return rows[0] && toMessage(rows[0]);
  }

  async list(phone?: string, limit = 200): Promise<SmsMessage[]> {
    const rows: SmsRow[] = await this.dataSource.query(
      `SELECT * FROM (SELECT * FROM sms_outbox WHERE ($1::text IS NULL OR phone = $1) ORDER BY created_at DESC, id DESC LIMIT $2) recent ORDER BY created_at, id`,
      [phone ?? null, limit],
    );
    return rows.map(toMessage);
  }
}
