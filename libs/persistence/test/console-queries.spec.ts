import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { barChartSvg, chartTable, PlatformStatistics } from '@theqa/platform-statistics';
import { auditSearchStatement, certificateSearchStatement, createDataSource, PostgresStatisticsSource, STATISTICS_STATEMENTS } from '../src';

/**
 * The administrators' console's queries: each search and each per-day count is one statement that an
 * index serves (checked with EXPLAIN, sequential scans disabled so that the small test tables do not
 * hide a missing index), and the counts match the events this suite records, per calendar day in the
 * statistics time zone.
 */
describe("the console's queries", () => {
  let dataSource: DataSource;
  // Civil numbers of no registry person (persistence's tests do not reach the registry), used by no other suite.
  const [alice, bader, camila] = ['55514050', '55514051', '55514052'];
  const RP_NAMED = 'stats-test-named';
  const RP_GONE = 'stats-test-gone';
  const DEVICE = 'THQ-5TAT-0001';

  beforeAll(async () => {
    dataSource = createDataSource({ url: process.env.DATABASE_URL!, poolSize: 2 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource.destroy());

  /** The plan of a statement with sequential scans off: an index must serve it. */
  async function plan(sql: string, parameters: unknown[]): Promise<string> {
    return dataSource.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const rows: Array<{ 'QUERY PLAN': string }> = await tx.query(`EXPLAIN ${sql}`, parameters);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('searches certificates through an index, whatever the filter', async () => {
    const cases = [
      { filter: { limit: 51 }, index: 'ca_certificate_newest' },
      { filter: { civilNumber: alice, limit: 51 }, index: 'ca_certificate_person_newest' },
      { filter: { serialRange: { from: '7A1B', below: '7A1C' }, limit: 51 }, index: 'ca_certificate_pkey' },
      { filter: { status: 'on-hold' as const, issuer: 'citizen-authentication-ca', limit: 51, after: { reservedAt: '2026-01-01 00:00:00.123456+00', serialHex: 'AB' } }, index: /ca_certificate_newest|ca_certificate_revoked/ },
    ];
    for (const { filter, index } of cases) {
      const { sql, parameters } = certificateSearchStatement(filter);
      const explained = await plan(sql, parameters);
      expect(explained).toMatch(index);
      expect(explained).not.toMatch(/Seq Scan/);
    }
  });

  it('searches the audit log through an index, whatever the filter', async () => {
    const cases = [
      { filter: { actor: 'admin:1', limit: 51 }, index: 'audit_log_actor' },
      { filter: { action: 'certificate.revoked', limit: 51, beforeSeq: 1000 }, index: 'audit_log_action' },
      { filter: { subject: alice, limit: 51 }, index: 'audit_log_subject' },
      { filter: { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z'), limit: 51 }, index: /audit_log_occurred_at|audit_log_pkey/ },
    ];
    for (const { filter, index } of cases) {
      const { sql, parameters } = auditSearchStatement(filter);
      const explained = await plan(sql, parameters);
      expect(explained).toMatch(index);
      expect(explained).not.toMatch(/Seq Scan/);
    }
  });

  it('counts each statistic through an index on its time', async () => {
    // Logins may also go through identity support's partial index of approved logins (client, time).
    const indexes = { enrolments: /identity_activity_event_time/, logins: /identity_activity_event_time|identity_activity_logins/, signatures: /signing_request_signed_at/, revocations: /ca_certificate_revoked_at/ };
    for (const [name, index] of Object.entries(indexes)) {
      const explained = await plan(STATISTICS_STATEMENTS[name as keyof typeof indexes], ['2003-03-01', '2003-03-03', 'Asia/Muscat']);
      expect(explained).toMatch(index);
      expect(explained).not.toMatch(/Seq Scan/);
    }
  });

  describe('per-day counts', () => {
    // Days of 2003, which no other suite writes; Muscat is UTC+4, so 20:30 UTC is the next local day.
    const at = (iso: string) => new Date(iso).toISOString();
    const activity = async (civilNumber: string, event: string, time: string, details: Record<string, unknown> = {}) =>
      dataSource.query(`INSERT INTO identity_activity (civil_number, event, occurred_at, details) VALUES ($1, $2, $3, $4)`, [civilNumber, event, at(time), JSON.stringify(details)]);

    beforeAll(async () => {
      // A rerun on the same database starts from the same rows.
      await dataSource.query(`DELETE FROM identity_activity WHERE civil_number = ANY($1::text[]) AND occurred_at < '2004-01-01'`, [[alice, bader, camila]]);
      await dataSource.query(`DELETE FROM signing_request WHERE civil_number = $1`, [camila]);
      await dataSource.query(`DELETE FROM ca_certificate WHERE civil_number = ANY($1::text[]) AND not_after < '2005-01-01'`, [[alice, bader, camila]]);
      // Enrolments: 03-01 (one at 00:30 local, from 02-28 UTC), 03-02 twice (one from 03-01 21:30 UTC), and one on 03-04 local: outside.
      await activity(alice, 'enrolment.completed', '2003-02-28T20:30:00Z');
      await activity(bader, 'enrolment.completed', '2003-03-01T21:30:00Z');
      await activity(camila, 'enrolment.completed', '2003-03-02T10:00:00Z');
      await activity(camila, 'enrolment.completed', '2003-03-03T20:30:00Z');
      await activity(camila, 'enrolment.started', '2003-03-02T10:00:00Z');
      // Logins: a named relying party 3 on 03-01 and 1 on 03-03; one no longer registered, 2 on 03-02; a denial is not a login.
      await dataSource.query(
        `INSERT INTO relying_party (client_id, name_ar, name_en, redirect_uris, sector_host, claims, purpose_ar, purpose_en, acr_values, auth_method, secret_generation, created_at, updated_at)
         VALUES ($1, 'جهة الإحصاء', 'Statistics RP', ARRAY['https://stats.example/cb'], 'stats.example', ARRAY['sub'], 'اختبار', 'test', ARRAY['urn:theqa:loa:medium'], 'client_secret_basic', 1, now(), now())
         ON CONFLICT (client_id) DO NOTHING`,
        [RP_NAMED],
      );
      for (const time of ['2003-03-01T06:00:00Z', '2003-03-01T07:00:00Z', '2003-03-01T20:00:00Z', '2003-03-03T08:00:00Z']) await activity(alice, 'login.approved', time, { client: RP_NAMED });
      for (const time of ['2003-03-02T06:00:00Z', '2003-03-02T06:30:00Z']) await activity(bader, 'login.approved', time, { client: RP_GONE });
      await activity(bader, 'login.denied', '2003-03-02T07:00:00Z', { client: RP_GONE });
      // Signatures: two signed on 03-02, one declined.
      await dataSource.query(`INSERT INTO identity (civil_number, assurance) VALUES ($1, 'high') ON CONFLICT DO NOTHING`, [camila]);
      await dataSource.query(
        `INSERT INTO identity_device (serial, civil_number, platform, name, certificate_serial, public_key_spki, pin_verifier, pin_mac_key) VALUES ($1, $2, 'test', 'test', '01', '\\x00', $3, 'test') ON CONFLICT DO NOTHING`,
        [DEVICE, camila, randomBytes(32)],
      );
      for (const [status, completed] of [['signed', '2003-03-02T05:00:00Z'], ['signed', '2003-03-02T15:00:00Z'], ['declined', '2003-03-02T16:00:00Z']]) {
        await dataSource.query(
          `INSERT INTO signing_request (id, relying_party, civil_number, device, status, document_name_ar, document_name_en, document_sha256, document_pages, document_bytes, level, code, input_pdf, prepared, challenge, created_at, expires_at, completed_at, signed_pdf)
           VALUES ($1, 'stats', $2, $3, $4, 'م', 'd', $5, 1, 1, 'B-B', '0000', '\\x25', '{}', 'c', $6, $6, $6, $7)`,
          [randomBytes(16).toString('base64url').slice(0, 22), camila, DEVICE, status, randomBytes(32).toString('hex'), at(completed), status === 'signed' ? Buffer.from('%PDF') : null],
        );
      }
      // Revocations: one on 03-01, two on 03-03; a hold is not a revocation. Expired long ago: in no CRL.
      for (const [status, revoked] of [['revoked', '2003-03-01T12:00:00Z'], ['revoked', '2003-03-03T01:00:00Z'], ['revoked', '2003-03-03T02:00:00Z'], ['on-hold', '2003-03-02T12:00:00Z']]) {
        await dataSource.query(
          `INSERT INTO ca_certificate (serial_hex, issuer, profile, subject, civil_number, key_algorithm, spki_sha256, status, not_before, not_after, der, revoked_at, revocation_reason)
           VALUES ($1, 'citizen-authentication-ca', 'device-authentication', 'CN=test', $2, 'ec-p256', $3, $4, '2002-01-01', '2004-01-01', '\\x30', $5, $6)`,
          [`7F${randomBytes(9).toString('hex').toUpperCase()}`, alice, randomBytes(32), status, at(revoked), status === 'revoked' ? 1 : 6],
        );
      }
    });

    it('match the events recorded, by calendar day in the time zone', async () => {
      const source = new PostgresStatisticsSource(dataSource);
      expect(await source.enrolments('2003-03-01', '2003-03-03', 'Asia/Muscat')).toEqual([
        { day: '2003-03-01', count: 1 },
        { day: '2003-03-02', count: 2 },
      ]);
      // In UTC the same events fall on other days.
      expect(await source.enrolments('2003-02-28', '2003-03-03', 'UTC')).toEqual([
        { day: '2003-02-28', count: 1 },
        { day: '2003-03-01', count: 1 },
        { day: '2003-03-02', count: 1 },
        { day: '2003-03-03', count: 1 },
      ]);
      expect(await source.logins('2003-03-01', '2003-03-03', 'Asia/Muscat')).toEqual([
        { day: '2003-03-01', clientId: RP_NAMED, count: 2, name: { ar: 'جهة الإحصاء', en: 'Statistics RP' } },
        { day: '2003-03-02', clientId: RP_GONE, count: 2, name: undefined },
        { day: '2003-03-02', clientId: RP_NAMED, count: 1, name: { ar: 'جهة الإحصاء', en: 'Statistics RP' } },
        { day: '2003-03-03', clientId: RP_NAMED, count: 1, name: { ar: 'جهة الإحصاء', en: 'Statistics RP' } },
      ]);
      expect(await source.signatures('2003-03-01', '2003-03-03', 'Asia/Muscat')).toEqual([{ day: '2003-03-02', count: 2 }]);
      expect(await source.revocations('2003-03-01', '2003-03-03', 'Asia/Muscat')).toEqual([
        { day: '2003-03-01', count: 1 },
        { day: '2003-03-03', count: 2 },
      ]);
    });

    it('make a dashboard whose charts carry the same numbers', async () => {
      const statistics = new PlatformStatistics({ source: new PostgresStatisticsSource(dataSource), timeZone: 'Asia/Muscat' });
      const dashboard = await statistics.dashboard({ from: '2003-03-01', to: '2003-03-04' });
      expect(dashboard.enrolments.days).toEqual(['2003-03-01', '2003-03-02', '2003-03-03', '2003-03-04']);
      expect(dashboard.enrolments.series[0].counts).toEqual([1, 2, 0, 1]);
      expect(dashboard.logins.series.map((s) => [s.key, s.label.en, s.counts])).toEqual([
        [RP_NAMED, 'Statistics RP', [2, 1, 1, 0]],
        [RP_GONE, RP_GONE, [0, 2, 0, 0]],
      ]);
      expect(dashboard.signatures.total).toBe(2);
      expect(dashboard.revocations.series[0].counts).toEqual([1, 0, 2, 0]);
      const svg = barChartSvg(dashboard.logins, { language: 'en', id: 'logins' });
      expect(svg).toContain('<title>2003-03-02 · Statistics RP: 1</title>');
      expect(svg).toContain(`<title>2003-03-02 · ${RP_GONE}: 2</title>`);
      expect(chartTable(dashboard.logins, { language: 'ar' })).toContain('<tr><th scope="row">2003-03-02</th><td>1</td><td>2</td><td>3</td></tr>');
    });
  });
});
