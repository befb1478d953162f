import type { DataSource } from 'typeorm';
import { PreparedStatement } from '../prepared-statement';
import type { OidcReadsTogether, OidcRow } from './oidc-reads-together';

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
 * A model with the grant and the session it names (grantId; sessionUid, or an interaction's session
 * uid), in one statement: see OidcReadsTogether.
 */
const WITH_GRANT_AND_SESSION = new PreparedStatement<
  Row & { grant_id: string | null; grant_payload: OidcPayload | null; grant_consumed_at: Date | null; session_uid: string | null; session_payload: OidcPayload | null; session_consumed_at: Date | null }
>(
  'oidc_with_grant_and_session',
  `SELECT m.payload, m.consumed_at,
          m.payload->>'grantId' AS grant_id, g.payload AS grant_payload, g.consumed_at AS grant_consumed_at,
          COALESCE(m.payload->>'sessionUid', m.payload->'session'->>'uid') AS session_uid, s.payload AS session_payload, s.consumed_at AS session_consumed_at
     FROM oidc_model m
     LEFT JOIN oidc_model g ON g.kind = 'Grant' AND g.id = m.payload->>'grantId' AND (g.expires_at IS NULL OR g.expires_at > now())
     LEFT JOIN oidc_model s ON s.kind = 'Session' AND s.uid = COALESCE(m.payload->>'sessionUid', m.payload->'session'->>'uid') AND (s.expires_at IS NULL OR s.expires_at > now())
    WHERE m.kind = $1 AND m.id = $2 AND (m.expires_at IS NULL OR m.expires_at > now())
    LIMIT 1`,
);
/** The models read with their grant and session: each is followed by reads of those in the same request. */
const READ_WITH_GRANT_AND_SESSION = new Set(['Interaction', 'AuthorizationCode', 'AccessToken']);
const grantKey = (id: string) => `Grant ${id}`;
const sessionKey = (uid: string) => `Session uid ${uid}`;

/**
 * The models a grant owns, which revoking the grant removes (oidc-provider's own adapters do the
 * same). Others carry a grantId too — an Interaction names the session's grant — but must survive a
 * revocation: ending the previous person's session on a shared computer revokes their grant while the
 * next person's interaction is still going on.
 */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

type Row = OidcRow & { payload: OidcPayload };

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
    this.reads?.forget(`${this.kind} ${id}`);
    if (this.kind === 'Session' && payload.uid) this.reads?.forget(sessionKey(payload.uid));
    await UPSERT.run(this.dataSource, [this.kind, id, JSON.stringify(payload), GRANTABLE.has(this.kind) ? (payload.grantId ?? null) : null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? 0]);
  }

  async find(id: string): Promise<OidcPayload | undefined> {
    if (this.kind === REPLAY_DETECTION) return this.firstSeen(id);
    if (this.reads?.active) {
      if (READ_WITH_GRANT_AND_SESSION.has(this.kind)) return this.withGrantAndSession(id);
      const kept = this.reads.take(`${this.kind} ${id}`);
      if (kept !== undefined) return kept ? payloadOf(kept as Row) : undefined;
    }
    return this.one(BY_ID, id);
  }

  private async withGrantAndSession(id: string): Promise<OidcPayload | undefined> {
    const [row] = await WITH_GRANT_AND_SESSION.run(this.dataSource, [this.kind, id]);
    if (!row) return undefined;
    if (row.grant_id) this.reads?.keep(grantKey(row.grant_id), row.grant_payload ? { payload: row.grant_payload, consumed_at: row.grant_consumed_at } : null);
    if (row.session_uid) this.reads?.keep(sessionKey(row.session_uid), row.session_payload ? { payload: row.session_payload, consumed_at: row.session_consumed_at } : null);
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
    const kept = this.kind === 'Session' ? this.reads?.take(sessionKey(uid)) : undefined;
    if (kept !== undefined) return kept ? payloadOf(kept as Row) : undefined;
    return this.one(BY_UID, uid);
  }

  async findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
    return this.one(BY_USER_CODE, userCode);
  }

  async consume(id: string): Promise<void> {
    this.reads?.forget(`${this.kind} ${id}`);
    await CONSUME.run(this.dataSource, [this.kind, id]);
  }

  async destroy(id: string): Promise<void> {
    this.reads?.forget(`${this.kind} ${id}`);
    // A session's uid is not known here: whatever was kept of any session is forgotten.
    if (this.kind === 'Session') this.reads?.forget(sessionKey('*'));
    await this.dataSource.query(`DELETE FROM oidc_model WHERE kind = $1 AND id = $2`, [this.kind, id]);
  }

  /** Every model of a grant (codes, tokens, the grant itself): revoking one revokes them all. */
  async revokeByGrantId(grantId: string): Promise<void> {
    this.reads?.forgetAll();
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
