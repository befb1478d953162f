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
  ) {}

  async upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void> {
    // Replay detection was recorded by `find` already (see below).
    if (this.kind === REPLAY_DETECTION) return;
    await UPSERT.run(this.dataSource, [this.kind, id, JSON.stringify(payload), GRANTABLE.has(this.kind) ? (payload.grantId ?? null) : null, payload.userCode ?? null, payload.uid ?? null, expiresIn ?? 0]);
  }

  async find(id: string): Promise<OidcPayload | undefined> {
    if (this.kind === REPLAY_DETECTION) return this.firstSeen(id);
    return this.one(BY_ID, id);
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
    if (!rows[0]) return undefined;
    const payload = typeof rows[0].payload === 'string' ? (JSON.parse(rows[0].payload) as OidcPayload) : rows[0].payload;
    return rows[0].consumed_at ? { ...payload, consumed: Math.floor(new Date(rows[0].consumed_at).getTime() / 1000) } : payload;
  }
}
