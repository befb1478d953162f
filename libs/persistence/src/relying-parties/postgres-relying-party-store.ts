import type { DataSource } from 'typeorm';
import type { AuditLog } from '@theqa/audit';
import type { AcrValue } from '@theqa/kernel';
import { RelyingPartyError, type ClientJwks, type RelyingParty, type RelyingPartyEvents, type RelyingPartyLogins, type RelyingPartyStore } from '@theqa/relying-parties';

interface RelyingPartyRow {
  client_id: string;
  name_ar: string;
  name_en: string;
  redirect_uris: string[] | string;
  post_logout_redirect_uris: string[] | string;
  sector_host: string;
  claims: string[] | string;
  purpose_ar: string;
  purpose_en: string;
  acr_values: string[] | string;
  auth_method: RelyingParty['authMethod'];
  jwks: ClientJwks | string | null;
  jwks_uri: string | null;
  secret_generation: number | null;
  ciba: boolean;
  require_pushed_authorization_requests: boolean;
  status: RelyingParty['status'];
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
}

const COLUMNS =
  'client_id, name_ar, name_en, redirect_uris, post_logout_redirect_uris, sector_host, claims, purpose_ar, purpose_en, acr_values, auth_method, jwks, secret_generation, ciba, require_pushed_authorization_requests, status, created_at, updated_at, disabled_at, jwks_uri';

/**
 * PGlite may hand text[] back in its literal form (`{a,"b,c"}`). Redirect URIs may hold commas, so the
 * literal is parsed properly (quotes and backslash escapes), not split on commas.
 */
function textArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const items: string[] = [];
  const body = value.replace(/^\{|\}$/g, '');
  let i = 0;
  while (i < body.length) {
    let item = '';
    if (body[i] === '"') {
      for (i++; i < body.length && body[i] !== '"'; i++) item += body[i] === '\\' ? body[++i] : body[i];
      i++; // the closing quote
    } else {
      for (; i < body.length && body[i] !== ','; i++) item += body[i];
    }
    items.push(item);
    i++; // the comma
  }
  return items;
}

function toRecord(r: RelyingPartyRow): RelyingParty {
  const jwks = typeof r.jwks === 'string' ? (JSON.parse(r.jwks) as ClientJwks) : r.jwks;
  return {
    clientId: r.client_id,
    name: { ar: r.name_ar, en: r.name_en },
    redirectUris: textArray(r.redirect_uris),
    postLogoutRedirectUris: textArray(r.post_logout_redirect_uris),
    claims: textArray(r.claims),
    purpose: { ar: r.purpose_ar, en: r.purpose_en },
    acrValues: textArray(r.acr_values) as AcrValue[],
    authMethod: r.auth_method,
    jwks: jwks ?? undefined,
    jwksUri: r.jwks_uri ?? undefined,
    secretGeneration: r.secret_generation ?? undefined,
    ciba: r.ciba,
    requirePushedAuthorizationRequests: r.require_pushed_authorization_requests,
    status: r.status,
    sectorHost: r.sector_host,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    disabledAt: r.disabled_at ? new Date(r.disabled_at) : undefined,
  };
}

/** UPDATE … RETURNING comes back as [rows, count] through TypeORM, INSERT … RETURNING as rows. */
const returnedRows = (result: unknown[]): RelyingPartyRow[] => (Array.isArray(result[0]) ? result[0] : result) as RelyingPartyRow[];

/** $1–$15 of both the insert and the update: the client id and what the administrator decides, in column order ($16 on: see each statement). */
function decidedValues(rp: RelyingParty): unknown[] {
  return [
    rp.clientId,
    rp.name.ar,
    rp.name.en,
    [...rp.redirectUris],
    [...rp.postLogoutRedirectUris],
    rp.sectorHost,
    [...rp.claims],
    rp.purpose.ar,
    rp.purpose.en,
    [...rp.acrValues],
    rp.authMethod,
    rp.jwks ? JSON.stringify(rp.jwks) : null,
    rp.secretGeneration ?? null,
    rp.ciba,
    rp.requirePushedAuthorizationRequests,
  ];
}

/** Relying parties in `relying_party`. Each change is one statement, conditional where two requests could race. */
export class PostgresRelyingPartyStore implements RelyingPartyStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(rp: RelyingParty): Promise<void> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO relying_party (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
       ON CONFLICT (client_id) DO NOTHING RETURNING client_id`,
      [
        ...decidedValues(rp),
        rp.status,
        rp.createdAt,
        rp.updatedAt,
        rp.disabledAt ?? null,
        rp.jwksUri ?? null,
      ],
    );
    if (returnedRows(inserted).length === 0) throw new RelyingPartyError('rp-exists', `a relying party with client id ${rp.clientId} exists already`, { clientId: rp.clientId });
  }

  async find(clientId: string): Promise<RelyingParty | undefined> {
    const rows: RelyingPartyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM relying_party WHERE client_id = $1`, [clientId]);
    return rows[0] && toRecord(rows[0]);
  }

  async list(): Promise<RelyingParty[]> {
    const rows: RelyingPartyRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM relying_party ORDER BY created_at, client_id`);
    return rows.map(toRecord);
  }

  async setStatus(clientId: string, status: 'disabled', at: Date): Promise<RelyingParty | undefined> {
    const result = await this.dataSource.query(
      `UPDATE relying_party SET status = $2, disabled_at = $3, updated_at = $3 WHERE client_id = $1 AND status = 'active' RETURNING ${COLUMNS}`,
      [clientId, status, at],
    );
    const rows = returnedRows(result);
    return rows[0] && toRecord(rows[0]);
  }

  async update(rp: RelyingParty): Promise<RelyingParty | undefined> {
    const result = await this.dataSource.query(
      `UPDATE relying_party SET name_ar = $2, name_en = $3, redirect_uris = $4, post_logout_redirect_uris = $5, sector_host = $6, claims = $7,
         purpose_ar = $8, purpose_en = $9, acr_values = $10, auth_method = $11, jwks = $12, secret_generation = $13, ciba = $14,
         require_pushed_authorization_requests = $15, updated_at = $16, jwks_uri = $17
       WHERE client_id = $1 RETURNING ${COLUMNS}`,
      [...decidedValues(rp), rp.updatedAt, rp.jwksUri ?? null],
    );
    const rows = returnedRows(result);
    return rows[0] && toRecord(rows[0]);
  }

  async nextSecretGeneration(clientId: string, at: Date): Promise<RelyingParty | undefined> {
    const result = await this.dataSource.query(
      `UPDATE relying_party SET secret_generation = secret_generation + 1, updated_at = $2
       WHERE client_id = $1 AND auth_method = 'client_secret_basic' AND status = 'active' RETURNING ${COLUMNS}`,
      [clientId, at],
    );
    const rows = returnedRows(result);
    return rows[0] && toRecord(rows[0]);
  }
}

/** Administrator actions on relying parties into the hash-chained audit log (the subject is the client id). */
export class AuditedRelyingPartyEvents implements RelyingPartyEvents {
  constructor(private readonly audit: AuditLog) {}

  async record(event: Parameters<RelyingPartyEvents['record']>[0]): Promise<void> {
    await this.audit.append({ action: event.action, actor: event.actor, subject: event.clientId, details: event.details });
  }
}

/**
 * Approved logins of one relying party per calendar day, from the activity's `login.approved` entries
 * (every approved login lands there once, details.client naming the RP): one statement over the
 * partial index identity_activity_logins (client, occurred_at).
 */
export class PostgresRelyingPartyLogins implements RelyingPartyLogins {
  constructor(private readonly dataSource: DataSource) {}

  async perDay(clientId: string, range: { from: string; to: string }, timeZone: string): Promise<Array<{ day: string; logins: number }>> {
    const rows: Array<{ day: string; logins: number | string }> = await this.dataSource.query(
      `SELECT to_char((occurred_at AT TIME ZONE $4)::date, 'YYYY-MM-DD') AS day, count(*)::int AS logins
         FROM identity_activity
        WHERE event = 'login.approved' AND details->>'client' = $1
          AND occurred_at >= ($2::date::timestamp AT TIME ZONE $4) AND occurred_at < (($3::date + 1)::timestamp AT TIME ZONE $4)
        GROUP BY 1 ORDER BY 1`,
      [clientId, range.from, range.to, timeZone],
    );
    return rows.map((r) => ({ day: r.day, logins: Number(r.logins) }));
  }
}
