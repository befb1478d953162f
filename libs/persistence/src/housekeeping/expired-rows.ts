import type { DataSource } from 'typeorm';

/**
 * How long each kind of short-lived row is kept after it lapsed. Only rows nothing will ask for again:
 * what happened (a login decided, a notice sent, a PIN wrong) is in the audit log and the person's
 * activity, which are never purged.
 */
export const RETENTION = [
  // Sessions, interactions, codes, tokens, PAR and CIBA requests, replay records: an hour of grace.
  { table: 'oidc_model', where: `expires_at < $1::timestamptz - interval '1 hour'` },
  // Login requests: a month, for support questions about a login that did not go through.
  { table: 'login_request', where: `expires_at < $1::timestamptz - interval '30 days'` },
  // Rate-limit windows are ten minutes; a day-old counter counts nothing.
  { table: 'rate_limit', where: `window_started_at < $1::timestamptz - interval '1 day'` },
  { table: 'device_challenge', where: `expires_at < $1::timestamptz - interval '1 day'` },
  { table: 'device_push', where: `expires_at < $1::timestamptz - interval '1 day'` },
] as const;

/** Deletes what RETENTION says has lapsed; returns the rows removed per table. Safe on many instances at once. */
export async function purgeExpiredRows(dataSource: DataSource, now = new Date()): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const { table, where } of RETENTION) {
    const result = await dataSource.query(`WITH gone AS (DELETE FROM ${table} WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [now]);
    removed[table] = Number(result[0]?.n ?? 0);
  }
  return removed;
}
