import type { DataSource } from 'typeorm';
import type { DayCount, RelyingPartyDayCount, StatisticsSource } from '@theqa/platform-statistics';

/**
 * The dashboard's counts, one grouped statement each over the table that records the event, read
 * through an index on the event's time: the range's bounds are the first instants of its first day and
 * of the day after its last, in the statistics time zone, so the condition is a plain range on the
 * indexed column and each row is then given its local calendar day.
 */
export class PostgresStatisticsSource implements StatisticsSource {
  constructor(private readonly dataSource: DataSource) {}

  enrolments(from: string, to: string, timeZone: string): Promise<DayCount[]> {
    return this.counts(STATEMENTS.enrolments, from, to, timeZone);
  }

  async logins(from: string, to: string, timeZone: string): Promise<RelyingPartyDayCount[]> {
    const rows: Array<{ day: string; client_id: string; count: number; name_ar: string | null; name_en: string | null }> = await this.dataSource.query(STATEMENTS.logins, [from, to, timeZone]);
    return rows.map((row) => ({
      day: row.day,
      clientId: row.client_id,
      count: Number(row.count),
      name: row.name_ar !== null && row.name_en !== null ? { ar: row.name_ar, en: row.name_en } : undefined,
    }));
  }

  signatures(from: string, to: string, timeZone: string): Promise<DayCount[]> {
    return this.counts(STATEMENTS.signatures, from, to, timeZone);
  }

  revocations(from: string, to: string, timeZone: string): Promise<DayCount[]> {
    return this.counts(STATEMENTS.revocations, from, to, timeZone);
  }

  private async counts(sql: string, from: string, to: string, timeZone: string): Promise<DayCount[]> {
    const rows: Array<{ day: string; count: number }> = await this.dataSource.query(sql, [from, to, timeZone]);
    return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
  }
}

// $1, $2: the first and last day (YYYY-MM-DD); $3: the IANA time zone.
const inRange = (column: string) => `${column} >= ($1::date::timestamp AT TIME ZONE $3) AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE $3)`;
const localDay = (column: string) => `to_char((${column} AT TIME ZONE $3)::date, 'YYYY-MM-DD')`;

/** Exported for the EXPLAIN checks of the tests. */
export const STATEMENTS = {
  enrolments: `SELECT ${localDay('occurred_at')} AS day, count(*)::int AS count FROM identity_activity
                WHERE event = 'enrolment.completed' AND ${inRange('occurred_at')} GROUP BY 1 ORDER BY 1`,
  logins: `SELECT l.day, l.client_id, l.count, rp.name_ar, rp.name_en
             FROM (SELECT ${localDay('occurred_at')} AS day, details->>'client' AS client_id, count(*)::int AS count FROM identity_activity
                    WHERE event = 'login.approved' AND ${inRange('occurred_at')} GROUP BY 1, 2) AS l
             LEFT JOIN relying_party rp ON rp.client_id = l.client_id
            ORDER BY 1, 2`,
  signatures: `SELECT ${localDay('completed_at')} AS day, count(*)::int AS count FROM signing_request
                WHERE status = 'signed' AND ${inRange('completed_at')} GROUP BY 1 ORDER BY 1`,
  revocations: `SELECT ${localDay('revoked_at')} AS day, count(*)::int AS count FROM ca_certificate
                 WHERE status = 'revoked' AND ${inRange('revoked_at')} GROUP BY 1 ORDER BY 1`,
};
