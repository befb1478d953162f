import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { PreparedStatement } from '../prepared-statement';

/** What oidc-provider stores: one model instance's JSON. */
export type OidcPayload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: number };

const REPLAY_DETECTION = 'ReplayDetection';

// A login runs some thirty of these: prepared once per connection (see PreparedStatement). The
// database's clock decides expiry, so instances whose clocks drift still agree.
const UPSERT = new PreparedStatement(
  'oidc_upsert',
  `INSERT INTO oidc_model (kind, id, payload, grant_id, user_code, uid, expires_at)
   VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::float8 > 0 THEN now() + make_interval(secs => $7::float8) END)
   ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
);
const FIRST_SEEN = new PreparedStatement(
  'oidc_first_seen',
  `INSERT INTO oidc_model (kind, id, payload, expires_at) VALUES ($1, $2, '{}', now() + interval '1 day') ON CONFLICT (kind, id) DO NOTHING RETURNING id`,
);
const CONSUME = new PreparedStatement('oidc_consume', `UPDATE oidc_model SET consumed_at = now() WHERE kind = $1 AND id = $2 AND consumed_at IS NULL`);
const found = (name: string, where: string) =>
  new PreparedStatement<Row>(name, `SELECT payload, consumed_at FROM oidc_model WHERE ${where} AND (expires_at IS NULL OR expires_at > now())`);
const BY_ID = found('oidc_by_id', 'kind = $1 AND id = $2');
const BY_UID = found('oidc_by_uid', 'kind = $1 AND uid = $2');
const BY_USER_CODE = found('oidc_by_user_code', 'kind = $1 AND user_code = $2');
/**
 * An interaction and the session it names (by uid), in one statement: oidc-provider's
 * interactionDetails reads one and then the other, at every step of the login pages.
 */
const INTERACTION_WITH_SESSION = new PreparedStatement<Row & { session_payload: OidcPayload | null; session_consumed_at: Date | null; session_uid: string | null }>(
  'oidc_interaction_with_session',
  `SELECT i.payload, i.consumed_at, i.payload->'session'->>'uid' AS session_uid, s.payload AS session_payload, s.consumed_at AS session_consumed_at
     FROM oidc_model i
     LEFT JOIN oidc_model s ON s.kind = 'Session' AND s.uid = i.payload->'session'->>'uid' AND (s.expires_at IS NULL OR s.expires_at > now())
    WHERE i.kind = 'Interaction' AND i.id = $1 AND (i.expires_at IS NULL OR i.expires_at > now())
    LIMIT 1`,
);

/**
 * Reads that go together: inside `together`, finding an Interaction reads the session it names in
 * the same statement, and the Session adapter's next findByUid of that uid takes that row instead of
 * asking again. Only code running inside the call (the same request) sees the row, once, so it is
 * as fresh as reading it a moment later would have been; outside, every read goes to the database.
 */
export class OidcReadsTogether {
  private readonly scope = new AsyncLocalStorage<Map<string, Row | undefined>>();

  together<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.run(new Map(), work);
  }

  /** Whether reads made now may fetch rows for later reads of the same call. */
  get active(): boolean {
    return this.scope.getStore() !== undefined;
  }

  keep(uid: string, row: Row | undefined): void {
    this.scope.getStore()?.set(uid, row);
  }

  /** The row kept for `uid` (undefined: none kept; null: kept, and there was no such session). */
  take(uid: string): Row | null | undefined {
    const kept = this.scope.getStore();
    if (!kept?.has(uid)) return undefined;
    const row = kept.get(uid);
    kept.delete(uid);
    return row ?? null;
  }
}

/**
 * The models a grant owns, which revoking the grant removes (oidc-provider's own adapters do the
 * same). Others carry a grantId too — an Interaction names the session's grant — but must survive a
 * revocation: ending the previous person's session on a shared computer revokes their grant while the
 * next person's interaction is still going on.
 */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

interface Row {
  payload: OidcPayload;
  consumed_at: Date | null;
}

/**
 * oidc-provider's storage adapter on PostgreSQL (one table for every model, keyed by model kind and
 * id), so that a session, an interaction, a code or a token made by one gateway instance is known to
 * all. Expired rows are not returned; `consume` marks a code or token used once, by one UPDATE.
 */
export class PostgresOidcAdapter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kind: string,
    private readonly reads?: OidcReadsTogether,
  ) {}

  async upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void> {
    // Replay detection was recorded by `find` already (see below).
    if (this.kind === REPLAY_DETECTION) return;
    await UPSERT.run(this.dataSource, [this.kind, id, JSON.stringify(payload), GRANTABLE.has(this.kind) ? (payload.grantId ?? null) : null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? 0]);
  }

  async find(id: string): Promise<OidcPayload | undefined> {
    if (this.kind === REPLAY_DETECTION) return this.firstSeen(id);
    if (this.kind === 'Interaction' && this.reads?.active) return this.interactionWithSession(id);
    return this.one(BY_ID, id);
  }

  private async interactionWithSession(id: string): Promise<OidcPayload | undefined> {
    const [row] = await INTERACTION_WITH_SESSION.run(this.dataSource, [id]);
    if (!row) return undefined;
    if (row.session_uid) this.reads?.keep(row.session_uid, row.session_payload ? { payload: row.session_payload, consumed_at: row.session_consumed_at } : undefined);
    return payloadOf(row);
  }

  /**
   * oidc-provider asks "seen this jti?" and then records it: two statements, and a window between
   * them in which two instances could both accept the same DPoP proof or client assertion. One INSERT
   * that does nothing on conflict answers and records at once. The record is kept a day, longer than
   * any proof or assertion oidc-provider accepts, so nothing replays before it expires.
   */
  private async firstSeen(id: string): Promise<OidcPayload | undefined> {
    const inserted = await FIRST_SEEN.run(this.dataSource, [this.kind, id]);
    return inserted.length === 1 ? undefined : { jti: id };
  }

  async findByUid(uid: string): Promise<OidcPayload | undefined> {
    const kept = this.kind === 'Session' ? this.reads?.take(uid) : undefined;
    if (kept !== undefined) return kept ? payloadOf(kept) : undefined;
    return this.one(BY_UID, uid);
  }

  async findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
    return this.one(BY_USER_CODE, userCode);
  }

  async consume(id: string): Promise<void> {
    await CONSUME.run(this.dataSource, [this.kind, id]);
  }

  async destroy(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM oidc_model WHERE kind = $1 AND id = $2`, [this.kind, id]);
  }

  /** Every model of a grant (codes, tokens, the grant itself): revoking one revokes them all. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM oidc_model WHERE grant_id = $1`, [grantId]);
  }

  private async one(statement: PreparedStatement<Row>, value: string): Promise<OidcPayload | undefined> {
    const rows = await statement.run(this.dataSource, [this.kind, value]);
    return rows[0] && payloadOf(rows[0]);
  }
}

function payloadOf(row: Row): OidcPayload {
  const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as OidcPayload) : row.payload;
  return row.consumed_at ? { ...payload, consumed: Math.floor(new Date(row.consumed_at).getTime() / 1000) } : payload;
}
