import type { AuditEvent, AuditLog, AuditRecord } from '@theqa/audit';
import type { NewProposal, Proposal, ProposalStore } from '../proposal';

/** Proposals in memory, for tests: the clock is the test's; `decide` is atomic as JavaScript runs it. */
export class MemoryProposalStore implements ProposalStore {
  readonly proposals = new Map<string, Proposal>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async create(proposal: NewProposal, lifetimeSeconds: number): Promise<Proposal> {
    const now = this.now();
    const created: Proposal = { ...proposal, status: 'pending', createdAt: now, expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000) };
    this.proposals.set(created.id, created);
    return { ...created };
  }

  async find(id: string): Promise<Proposal | undefined> {
    const found = this.proposals.get(id);
    return found && { ...found };
  }

  async decide(id: string, decision: { by: string; status: 'approved' | 'rejected'; reason?: string }): Promise<Proposal | undefined> {
    const found = this.proposals.get(id);
    if (!found || found.status !== 'pending' || found.expiresAt <= this.now() || found.proposer === decision.by) return undefined;
    Object.assign(found, { status: decision.status, decidedBy: decision.by, decidedAt: this.now(), reason: decision.reason });
    return { ...found };
  }

  async settle(id: string, outcome: { status: 'executed' | 'failed'; outcome: Record<string, unknown> }): Promise<void> {
    const found = this.proposals.get(id);
    if (found) Object.assign(found, outcome);
  }

  async pending(limit: number): Promise<Proposal[]> {
    const now = this.now();
    return [...this.proposals.values()].filter((p) => p.status === 'pending' && p.expiresAt > now).slice(0, limit).map((p) => ({ ...p }));
  }

  async recent(limit: number): Promise<Proposal[]> {
    const now = this.now();
    return [...this.proposals.values()]
      .filter((p) => p.status !== 'pending' || p.expiresAt <= now)
      .reverse()
      .slice(0, limit)
      .map((p) => ({ ...p }));
  }
}

/** An audit log that keeps what it is given, for tests to read. */
export class MemoryAuditLog implements AuditLog {
  readonly events: AuditEvent[] = [];

  async append(event: AuditEvent): Promise<AuditRecord> {
    this.events.push(event);
    return { seq: this.events.length, occurredAt: new Date(), action: event.action, actor: event.actor, subject: event.subject, details: JSON.stringify(event.details ?? {}), prevHash: Buffer.alloc(32), hash: Buffer.alloc(32) };
  }
}
