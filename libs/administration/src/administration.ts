import { randomUUID } from 'node:crypto';
import type { AuditLog } from '@theqa/audit';
import { AdministrationError } from './administration-error';
import type { ActionExecutors, ActionResult } from './action-executors';
import { READ_ONLY_ACTIONS, rolesMay, type AdministrativeAction } from './permissions';
import type { Proposal, ProposalStore } from './proposal';
import type { Administrator, AdministratorRoster } from './roster';

export interface AdministrationOptions {
  roster: AdministratorRoster;
  /** The actions that need a second administrator (THEQA_ADMIN_FOUR_EYES). */
  fourEyes: readonly AdministrativeAction[];
  /** How long a proposal waits for its second administrator. */
  proposalSeconds: number;
  proposals: ProposalStore;
  executors: ActionExecutors;
  audit: AuditLog;
}

/** What asking for an action came to: done at once, or proposed for a second administrator. */
export type Performed = { outcome: 'done'; result: ActionResult } | { outcome: 'proposed'; proposal: Proposal };

/** A pending proposal as one administrator sees it: whether they may approve or reject it. */
export interface PendingProposal extends Proposal {
  mayDecide: boolean;
  /** Why not, when they may not: their own proposal, or no role allowed to do the action. */
  why?: 'own' | 'role';
}

/** The audit log's actor of an administrator. */
export const adminActor = (civilNumber: string): string => `admin:${civilNumber}`;

/**
 * The administrators' console without its pages: who is an administrator, what each may do, and
 * every administrative action through one door — checked against the permission table, proposed
 * for a second administrator where four eyes are required, carried out by the executor the
 * composition root supplies, and written to the audit log with the administrator (and the approver).
 */
export class Administration {
  readonly roster: AdministratorRoster;
  private readonly fourEyes: ReadonlySet<AdministrativeAction>;

  constructor(private readonly options: AdministrationOptions) {
    if (!(options.proposalSeconds > 0)) throw new RangeError('proposalSeconds must be positive');
    this.roster = options.roster;
    this.fourEyes = new Set(options.fourEyes);
  }

  administrator(civilNumber: string): Administrator | undefined {
    return this.roster.administrator(civilNumber);
  }

  may(administrator: Administrator, action: AdministrativeAction): boolean {
    return rolesMay(administrator.roles, action);
  }

  needsFourEyes(action: AdministrativeAction): boolean {
    return this.fourEyes.has(action);
  }

  /**
   * Revoking a certificate: of another administrator, the sensitive action four eyes may guard
   * (`certificate.revoke-administrator`); of anyone else (or one's own), `certificate.revoke`.
   */
  revocationAction(administrator: Administrator, holderCivilNumber: string | undefined): AdministrativeAction {
    return holderCivilNumber !== undefined && holderCivilNumber !== administrator.civilNumber && this.roster.isAdministrator(holderCivilNumber) ? 'certificate.revoke-administrator' : 'certificate.revoke';
  }

  /** Whether the platform wired an executor for the action (pages offer only what can be done). */
  offers(action: AdministrativeAction): boolean {
    return this.options.executors[action] !== undefined;
  }

  /**
   * Refuses — and writes to the audit log — an administrator whose roles do not allow the action.
   * Pages call it before anything else; reads pass silently, refusals never do.
   */
  async authorise(administrator: Administrator, action: AdministrativeAction, subject = '-'): Promise<void> {
    if (this.may(administrator, action)) return;
    await this.audit('admin.refused', administrator.civilNumber, subject, { action, roles: administrator.roles });
    throw new AdministrationError('forbidden', `${administrator.civilNumber} (${administrator.roles.join(', ') || 'no role'}) may not ${action}`, action);
  }

  /**
   * An administrative action: done at once, or — where four eyes are required — proposed, to take
   * effect only when a second administrator approves. Either way in the audit log.
   */
  async perform(administrator: Administrator, request: { action: AdministrativeAction; subject: string; details?: Record<string, unknown> }): Promise<Performed> {
    const { action, subject } = request;
    const details = request.details ?? {};
    await this.authorise(administrator, action, subject);
    const executor = this.executor(action);
    if (this.needsFourEyes(action)) {
      const proposal = await this.options.proposals.create({ id: randomUUID(), action, subject, details, proposer: administrator.civilNumber, proposerRoles: administrator.roles }, this.options.proposalSeconds);
      await this.audit('admin.proposal.created', administrator.civilNumber, subject, { proposal: proposal.id, action, roles: administrator.roles, details });
      return { outcome: 'proposed', proposal };
    }
    const result = (await executor({ subject, details, actor: adminActor(administrator.civilNumber) })) ?? {};
    await this.audit(`admin.${action}`, administrator.civilNumber, subject, { roles: administrator.roles, details, result });
    return { outcome: 'done', result };
  }

  /**
   * A second administrator approves: someone other than the proposer, holding a role allowed to do the
   * action, while the proposal is pending and not lapsed. The decision is one statement, so of many
   * approvals at once exactly one carries the action out.
   */
  async approve(administrator: Administrator, proposalId: string): Promise<{ proposal: Proposal; result: ActionResult }> {
    const proposal = await this.decidable(administrator, proposalId);
    const decided = await this.options.proposals.decide(proposal.id, { by: administrator.civilNumber, status: 'approved' });
    if (!decided) throw await this.whyUndecided(administrator, proposal.id);
    await this.audit('admin.proposal.approved', administrator.civilNumber, decided.subject, { proposal: decided.id, action: decided.action, proposer: adminActor(decided.proposer), roles: administrator.roles });
    const request = { subject: decided.subject, details: decided.details, actor: adminActor(decided.proposer), approver: adminActor(administrator.civilNumber) };
    let result: ActionResult;
    try {
      result = (await this.executor(decided.action)(request)) ?? {};
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.options.proposals.settle(decided.id, { status: 'failed', outcome: { error: message } });
      await this.audit('admin.proposal.failed', decided.proposer, decided.subject, { proposal: decided.id, action: decided.action, approver: adminActor(administrator.civilNumber), error: message });
      // The approver meets a refusal the page can word (e.g. a certificate revoked meanwhile), not a failure of the console.
      throw new AdministrationError('action-failed', message, decided.action);
    }
    await this.options.proposals.settle(decided.id, { status: 'executed', outcome: result });
    // The action itself, as every administrative action is written: by its proposer, with its approver.
    await this.audit(`admin.${decided.action}`, decided.proposer, decided.subject, { roles: decided.proposerRoles, details: decided.details, result, proposal: decided.id, approver: adminActor(administrator.civilNumber) });
    return { proposal: { ...decided, status: 'executed', outcome: result }, result };
  }

  /** A second administrator (allowed to do the action) rejects a pending proposal: it never takes effect. */
  async reject(administrator: Administrator, proposalId: string, reason?: string): Promise<Proposal> {
    const proposal = await this.decidable(administrator, proposalId);
    const decided = await this.options.proposals.decide(proposal.id, { by: administrator.civilNumber, status: 'rejected', reason });
    if (!decided) throw await this.whyUndecided(administrator, proposal.id);
    await this.audit('admin.proposal.rejected', administrator.civilNumber, decided.subject, { proposal: decided.id, action: decided.action, proposer: adminActor(decided.proposer), reason: reason ?? null, roles: administrator.roles });
    return decided;
  }

  /** Proposals waiting for a second administrator, each marked with whether this one may decide it. */
  async pending(administrator: Administrator, limit = 100): Promise<PendingProposal[]> {
    await this.authorise(administrator, 'approvals.view');
    const proposals = await this.options.proposals.pending(limit);
    return proposals.map((p) => {
      if (p.proposer === administrator.civilNumber) return { ...p, mayDecide: false, why: 'own' as const };
      if (!this.may(administrator, p.action)) return { ...p, mayDecide: false, why: 'role' as const };
      return { ...p, mayDecide: true };
    });
  }

  /** Proposals decided lately (approved, rejected, executed, failed), newest first. */
  async recent(administrator: Administrator, limit = 20): Promise<Proposal[]> {
    await this.authorise(administrator, 'approvals.view');
    return this.options.proposals.recent(limit);
  }

  /**
   * An administrative action a service of the console carried out itself (a search, an export): to
   * the audit log with the administrator. Only what their roles allow (else refused and recorded).
   */
  async record(administrator: Administrator, action: AdministrativeAction, subject: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.authorise(administrator, action, subject);
    await this.audit(`admin.${action}`, administrator.civilNumber, subject, { roles: administrator.roles, details });
  }

  /** A login to the console: accepted, or refused (not in the roster, not at HIGH). */
  async recordLogin(civilNumber: string, outcome: 'accepted' | 'not-administrator' | 'assurance-too-low', details: Record<string, unknown> = {}): Promise<void> {
    const roles = this.roster.administrator(civilNumber)?.roles ?? [];
    await this.audit(outcome === 'accepted' ? 'admin.login' : 'admin.login-refused', civilNumber, civilNumber, { ...details, roles, ...(outcome === 'accepted' ? {} : { reason: outcome }) });
  }

  async recordLogout(civilNumber: string): Promise<void> {
    await this.audit('admin.logout', civilNumber, civilNumber, {});
  }

  /** The proposal, if this administrator may decide it at all (refusals in the audit log). */
  private async decidable(administrator: Administrator, proposalId: string): Promise<Proposal> {
    const proposal = UUID.test(proposalId) ? await this.options.proposals.find(proposalId) : undefined;
    if (!proposal) throw new AdministrationError('proposal-unknown', `no proposal ${proposalId}`);
    await this.authorise(administrator, proposal.action, proposal.subject);
    if (proposal.proposer === administrator.civilNumber) {
      await this.audit('admin.refused', administrator.civilNumber, proposal.subject, { action: proposal.action, proposal: proposal.id, reason: 'own-proposal' });
      throw new AdministrationError('proposal-own', 'a proposal needs a second administrator: its proposer cannot decide it');
    }
    return proposal;
  }

  private async whyUndecided(administrator: Administrator, id: string): Promise<AdministrationError> {
    const now = await this.options.proposals.find(id);
    if (now && now.status === 'pending' && now.proposer !== administrator.civilNumber) return new AdministrationError('proposal-expired', `proposal ${id} lapsed at ${now.expiresAt.toISOString()}`);
    if (now?.proposer === administrator.civilNumber) return new AdministrationError('proposal-own', 'a proposal needs a second administrator');
    return new AdministrationError('proposal-decided', `proposal ${id} was already ${now?.status ?? 'decided'}`);
  }

  private executor(action: AdministrativeAction) {
    const executor = this.options.executors[action];
    if (!executor || READ_ONLY_ACTIONS.has(action)) throw new AdministrationError('action-unavailable', `the platform offers no way to ${action}`);
    return executor;
  }

  private async audit(action: string, civilNumber: string, subject: string, details: Record<string, unknown>): Promise<void> {
    await this.options.audit.append({ action, actor: adminActor(civilNumber), subject, details });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
