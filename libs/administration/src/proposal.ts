import type { AdministrativeAction } from './permissions';
import type { AdministratorRole } from './roles';

/**
 * A sensitive action one administrator proposed, waiting for a second one. `pending` until another
 * administrator allowed to do the action approves (then `executed` or `failed`, once the action ran)
 * or rejects it, or until it lapses at `expiresAt`.
 */
export interface Proposal {
  id: string;
  action: AdministrativeAction;
  /** What the action is done to: a civil number, a certificate's serial, a client id. */
  subject: string;
  /** What the action's executor needs besides the subject (a revocation reason…), as JSON. */
  details: Record<string, unknown>;
  /** The proposer's civil number. */
  proposer: string;
  proposerRoles: AdministratorRole[];
  status: ProposalStatus;
  createdAt: Date;
  expiresAt: Date;
  /** Who approved or rejected it (a civil number), when, and why (a rejection's reason). */
  decidedBy?: string;
  decidedAt?: Date;
  reason?: string;
  /** What the executed action answered, or why it failed. */
  outcome?: Record<string, unknown>;
}

export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'executed' | 'failed';

export type NewProposal = Pick<Proposal, 'id' | 'action' | 'subject' | 'details' | 'proposer' | 'proposerRoles'>;

/** Where proposals live (PostgreSQL: PostgresProposalStore of @theqa/persistence). Time is the store's. */
export interface ProposalStore {
  create(proposal: NewProposal, lifetimeSeconds: number): Promise<Proposal>;
  find(id: string): Promise<Proposal | undefined>;
  /**
   * Decides a proposal in one statement: only a pending one, not yet lapsed, decided by someone other
   * than its proposer. The proposal as decided, or undefined when any of that does not hold — so of
   * any number of decisions sent at once, exactly one takes effect.
   */
  decide(id: string, decision: { by: string; status: 'approved' | 'rejected'; reason?: string }): Promise<Proposal | undefined>;
  /** Records what the approved action came to. */
  settle(id: string, outcome: { status: 'executed' | 'failed'; outcome: Record<string, unknown> }): Promise<void>;
  /** Pending proposals not yet lapsed, oldest first. */
  pending(limit: number): Promise<Proposal[]>;
  /** Proposals decided or lapsed lately, newest first (the approvals page's history). */
  recent(limit: number): Promise<Proposal[]>;
}
