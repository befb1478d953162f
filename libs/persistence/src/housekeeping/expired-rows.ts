import type { DataSource } from 'typeorm';

/**
 * How long each kind of short-lived row is kept after it lapsed, by the column it lapses by (each has an
 * index on it, so that the purge reads only what lapsed). Only rows nothing will ask for again:
 * what happened (a login decided, a notice sent, a PIN wrong) is in the audit log and the person's
 * activity, which are never purged.
 */
export const RETENTION: ReadonlyArray<{ table: string; column: string; where: string }> = [
  // Sessions, interactions, codes, tokens, PAR and CIBA requests, replay records: an hour of grace.
  { table: 'oidc_model', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '1 hour'` },
  // Login requests: a month, for support questions about a login that did not go through.
  { table: 'login_request', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '30 days'` },
  // Rate-limit windows are ten minutes; a day-old counter counts nothing.
  { table: 'rate_limit', column: 'window_started_at', where: `window_started_at < $1::timestamptz - interval '1 day'` },
  { table: 'device_challenge', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '1 day'` },
  { table: 'device_push', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '1 day'` },
  // Web eID challenge nonces live minutes; a day on, "used" and "expired" are no longer worth telling apart.
  { table: 'web_eid_challenge', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '1 day'` },
  // Registration and PIN-reset journeys (their state holds the contact details given): a month, for
  // support; their outcome is in the person's activity and the audit log.
  { table: 'identity_journey', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '30 days'` },
  // The development SMS outbox: codes are worth minutes; a day is plenty to read one.
  { table: 'sms_outbox', column: 'created_at', where: `created_at < $1::timestamptz - interval '1 day'` },
  // Signing requests hold the documents: a week after the request lapsed the relying party has had
  // its file (and its webhook); the signature itself is in the audit log and the person's activity.
  { table: 'signing_request', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '7 days'` },
  // Signatures with the ID card hold the uploaded and the signed PDF: the same week after the upload
  // lapsed (its download is on the page until then); each signature is in the audit log.
  { table: 'card_signature', column: 'expires_at', where: `expires_at < $1::timestamptz - interval '7 days'` },
  // A client assertion lives five minutes; its id is kept until then, so that it is used once.
  { table: 'client_assertion_use', column: 'expires_at', where: `expires_at < $1::timestamptz` },
  // The portal's sessions past their absolute end (an idle one lapsed earlier and waits for this), and
  // its logins the gateway never answered.
  { table: 'portal_session', column: 'expires_at', where: `expires_at < $1::timestamptz` },
  { table: 'portal_login', column: 'expires_at', where: `expires_at < $1::timestamptz` },
  // The same for the administrators' console. (Its proposals are kept: who proposed and decided what.)
  { table: 'admin_session', column: 'expires_at', where: `expires_at < $1::timestamptz` },
  { table: 'admin_login', column: 'expires_at', where: `expires_at < $1::timestamptz` },
];

/** Deletes what RETENTION says has lapsed; returns the rows removed per table. Safe on many instances at once. */
export async function purgeExpiredRows(dataSource: DataSource, now = new Date()): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const { table, where } of RETENTION) {
    const result = await dataSource.query(`WITH gone AS (DELETE FROM ${table} WHERE ${where} RETURNING 1) SELECT count(*)::int AS n FROM gone`, [now]);
    removed[table] = Number(result[0]?.n ?? 0);
  }
  return removed;
}
