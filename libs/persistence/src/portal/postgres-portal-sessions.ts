import type { DataSource } from 'typeorm';
import type { LoginTransaction, LoginTransactionStore, NewPortalSession, PortalSession, PortalSessionStore } from '@theqa/portal-sessions';
import { PreparedStatement } from '../prepared-statement';

interface SessionRow {
  civil_number: string;
  device: string | null;
  acr: PortalSession['acr'];
  name_ar: string | null;
  name_en: string | null;
  csrf_token: string;
  id_token: string | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

/** UPDATE and DELETE … RETURNING come back as [rows, count] through TypeORM, INSERT … RETURNING as rows. */
const rowsOf = <Row>(result: unknown[]): Row[] => (Array.isArray(result[0]) ? result[0] : result) as Row[];

const COLUMNS = 'civil_number, device, acr, name_ar, name_en, csrf_token, id_token, created_at, last_seen_at, expires_at';

const sessionOf = (row: SessionRow): PortalSession => ({
  civilNumber: row.civil_number,
  ...(row.device ? { device: row.device } : {}),
  acr: row.acr,
  names: { ...(row.name_ar ? { ar: row.name_ar } : {}), ...(row.name_en ? { en: row.name_en } : {}) },
  csrfToken: row.csrf_token,
  ...(row.id_token ? { idToken: row.id_token } : {}),
  createdAt: new Date(row.created_at),
  lastSeenAt: new Date(row.last_seen_at),
  expiresAt: new Date(row.expires_at),
});

/**
 * Where a kind of web session lives: the portal's (`portal_session`, `portal_login`) or the
 * administrators' console's (`admin_session`, `admin_login`) — the same shape, apart, so that a
 * token of one is never a session of the other.
 */
export type WebSessionTables = 'portal' | 'admin';

/**
 * Every page resumes its session: one statement decides whether it is alive (not idle too long,
 * before its absolute end, its device still active — a login with the ID card has none) and touches
 * it. The database's clock decides, so that instances whose clocks drift agree.
 */
const resumeStatement = (tables: WebSessionTables) =>
  new PreparedStatement<SessionRow>(
    `${tables}_session_resume`,
    `UPDATE ${tables}_session s SET last_seen_at = now()
      WHERE s.id_sha256 = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(secs => $2::float8)
        AND (s.device IS NULL OR EXISTS (SELECT 1 FROM identity_device d WHERE d.serial = s.device AND d.status = 'active'))
      RETURNING ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}`,
  );

const RESUME: Record<WebSessionTables, PreparedStatement<SessionRow>> = { portal: resumeStatement('portal'), admin: resumeStatement('admin') };

/** The portal's sessions (`portal_session`), or the console's (`admin_session`), keyed by the SHA-256 of their cookie's token. */
export class PostgresPortalSessions implements PortalSessionStore {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: WebSessionTables = 'portal',
  ) {
    this.table = `${tables}_session`;
  }

  async create(idSha256: Buffer, session: NewPortalSession, absoluteSeconds: number): Promise<PortalSession> {
    const [row]: SessionRow[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (id_sha256, civil_number, device, acr, name_ar, name_en, csrf_token, id_token, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9::float8)) RETURNING ${COLUMNS}`,
      [idSha256, session.civilNumber, session.device ?? null, session.acr, session.names.ar ?? null, session.names.en ?? null, session.csrfToken, session.idToken ?? null, absoluteSeconds],
    );
    return sessionOf(row);
  }

  async resume(idSha256: Buffer, idleSeconds: number): Promise<PortalSession | undefined> {
    const [row] = await RESUME[this.tables].run(this.dataSource, [idSha256, idleSeconds]);
    return row && sessionOf(row);
  }

  async end(idSha256: Buffer): Promise<PortalSession | undefined> {
    const [row] = rowsOf<SessionRow>(await this.dataSource.query(`DELETE FROM ${this.table} WHERE id_sha256 = $1 RETURNING ${COLUMNS}`, [idSha256]));
    return row && sessionOf(row);
  }

  async endOfDevice(device: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(`WITH gone AS (DELETE FROM ${this.table} WHERE device = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [device]);
    return Number(row?.n ?? 0);
  }

  /** Removes every session of the person, those of the ID card (no device) among them; how many. */
  async endOfPerson(civilNumber: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(`WITH gone AS (DELETE FROM ${this.table} WHERE civil_number = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`, [civilNumber]);
    return Number(row?.n ?? 0);
  }
}

/** Logins the portal (`portal_login`) or the console (`admin_login`) has under way: taken once, by the DELETE that reads them. */
export class PostgresPortalLogins implements LoginTransactionStore {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    tables: WebSessionTables = 'portal',
  ) {
    this.table = `${tables}_login`;
  }

  async create(idSha256: Buffer, transaction: LoginTransaction, lifetimeSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table} (id_sha256, state, nonce, code_verifier, lang, expires_at) VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6::float8))`,
      [idSha256, transaction.state, transaction.nonce, transaction.codeVerifier, transaction.lang, lifetimeSeconds],
    );
  }

  async take(idSha256: Buffer): Promise<LoginTransaction | undefined> {
    const [row] = rowsOf<{ state: string; nonce: string; code_verifier: string; lang: LoginTransaction['lang']; live: boolean }>(
      await this.dataSource.query(`DELETE FROM ${this.table} WHERE id_sha256 = $1 RETURNING state, nonce, code_verifier, lang, expires_at > now() AS live`, [idSha256]),
    );
    return row?.live ? { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier, lang: row.lang } : undefined;
  }
}
