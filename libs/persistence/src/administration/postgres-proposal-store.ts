import type { DataSource } from 'typeorm';
import type { AdministrativeAction, AdministratorRole, NewProposal, Proposal, ProposalStatus, ProposalStore } from '@theqa/administration';

interface ProposalRow {
  id: string;
  action: AdministrativeAction;
  subject: string;
  details: Record<string, unknown>;
  proposer: string;
  proposer_roles: AdministratorRole[];
  status: ProposalStatus;
  created_at: Date;
  expires_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  outcome: Record<string, unknown> | null;
}

const COLUMNS = 'id, action, subject, details, proposer, proposer_roles, status, created_at, expires_at, decided_by, decided_at, reason, outcome';

/** UPDATE … RETURNING comes back as [rows, count] through TypeORM, INSERT … RETURNING as rows. */
const rowsOf = <Row>(result: unknown[]): Row[] => (Array.isArray(result[0]) ? result[0] : result) as Row[];

const proposalOf = (row: ProposalRow): Proposal => ({
  id: row.id,
  action: row.action,
  subject: row.subject,
  details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
  proposer: row.proposer,
  proposerRoles: row.proposer_roles,
  status: row.status,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
  ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
  ...(row.decided_at ? { decidedAt: new Date(row.decided_at) } : {}),
  ...(row.reason ? { reason: row.reason } : {}),
  ...(row.outcome ? { outcome: typeof row.outcome === 'string' ? JSON.parse(row.outcome) : row.outcome } : {}),
});

/** The console's four-eyes proposals (`admin_proposal`). The database's clock decides lapses. */
export class PostgresProposalStore implements ProposalStore {
  constructor(private readonly dataSource: DataSource) {}

  async create(proposal: NewProposal, lifetimeSeconds: number): Promise<Proposal> {
    const [row]: ProposalRow[] = await this.dataSource.query(
      `INSERT INTO admin_proposal (id, action, subject, details, proposer, proposer_roles, expires_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6::text[], now() + make_interval(secs => $7::float8)) RETURNING ${COLUMNS}`,
      [proposal.id, proposal.action, proposal.subject, JSON.stringify(proposal.details), proposal.proposer, proposal.proposerRoles, lifetimeSeconds],
    );
    return proposalOf(row);
  }

  async find(id: string): Promise<Proposal | undefined> {
    const [row]: ProposalRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM admin_proposal WHERE id = $1`, [id]);
    return row && proposalOf(row);
  }

  /** One statement decides: of any number sent at once, the first to lock the pending row wins, the rest find it decided. */
  async decide(id: string, decision: { by: string; status: 'approved' | 'rejected'; reason?: string }): Promise<Proposal | undefined> {
    const [row] = rowsOf<ProposalRow>(
      await this.dataSource.query(
        `UPDATE admin_proposal SET status = $2, decided_by = $3, decided_at = now(), reason = $4
          WHERE id = $1 AND status = 'pending' AND expires_at > now() AND proposer <> $3
          RETURNING ${COLUMNS}`,
        [id, decision.status, decision.by, decision.reason ?? null],
      ),
    );
    return row && proposalOf(row);
  }

  async settle(id: string, outcome: { status: 'executed' | 'failed'; outcome: Record<string, unknown> }): Promise<void> {
    await this.dataSource.query(`UPDATE admin_proposal SET status = $2, outcome = $3::jsonb WHERE id = $1 AND status = 'approved'`, [id, outcome.status, JSON.stringify(outcome.outcome)]);
  }

  async pending(limit: number): Promise<Proposal[]> {
    const rows: ProposalRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM admin_proposal WHERE status = 'pending' AND expires_at > now() ORDER BY created_at, id LIMIT $1`, [limit]);
    return rows.map(proposalOf);
  }

  async recent(limit: number): Promise<Proposal[]> {
    const rows: ProposalRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM admin_proposal WHERE status <> 'pending' OR expires_at <= now() ORDER BY coalesce(decided_at, expires_at) DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map(proposalOf);
  }
}
