import { PGlite } from '@electric-sql/pglite';
import type { QueryRunner } from 'typeorm';
import { Consent1764100000000 } from '../src/migrations/1764100000000-consent';
import { OneConsentInForce1764450000001 } from '../src/migrations/1764450000001-one-consent-in-force';

/** The repair of consents that earlier versions left in force twice, on a database of its own (in memory). */
describe('the one-consent-in-force migration', () => {
  it('withdraws what a later withdrawal should have ended, keeps the newest of the rest, and then refuses a second in force', async () => {
    const db = new PGlite();
    const runner = { query: (sql: string, params?: unknown[]) => db.query(sql, params as never[]).then((r) => r.rows) } as unknown as QueryRunner;
    await new Consent1764100000000().up(runner);
    const consent = (n: number, civilNumber: string, grantedOn: string, withdrawnOn: string | null = null) =>
      db.query(`INSERT INTO consent VALUES ($1, $2, 'naql', '{civil_number}', 'x', 'x', $3::timestamptz, $3::timestamptz + interval '1 year', $4)`, [
        `00000000-0000-0000-0000-00000000000${n}`,
        civilNumber,
        grantedOn,
        withdrawnOn,
      ]);
    // Granted twice, the second withdrawn (the first went on releasing data), then granted twice again.
    await consent(1, '11111111', '2026-01-01');
    await consent(2, '11111111', '2026-01-02', '2026-01-04');
    await consent(3, '11111111', '2026-01-05');
    await consent(4, '11111111', '2026-01-06');
    // A double submit, never withdrawn.
    await consent(5, '22222222', '2026-01-01');
    await consent(6, '22222222', '2026-01-01');

    await new OneConsentInForce1764450000001().up(runner);
    const rows = await db.query<{ n: string; withdrawn: string | null; replaced: string | null }>(
      `SELECT right(id::text, 1) AS n, to_char(withdrawn_at, 'MM-DD') AS withdrawn, to_char(replaced_at, 'MM-DD') AS replaced FROM consent ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { n: '1', withdrawn: '01-04', replaced: null },
      { n: '2', withdrawn: '01-04', replaced: null },
      { n: '3', withdrawn: null, replaced: '01-06' },
      { n: '4', withdrawn: null, replaced: null },
      { n: '5', withdrawn: null, replaced: '01-01' },
      { n: '6', withdrawn: null, replaced: null },
    ]);
    await expect(consent(7, '22222222', '2026-02-01')).rejects.toThrow(/consent_in_force/);
    await db.close();
  });
});
