import type { RelyingPartyStore } from './ports';
import type { RelyingParty } from './relying-party';
import { RelyingPartyError } from './relying-party-error';

/** The store in process memory, for tests of this library and of the gateway; copies in and out, as a database would. */
export class InMemoryRelyingPartyStore implements RelyingPartyStore {
  private readonly rows = new Map<string, RelyingParty>();

  async insert(rp: RelyingParty): Promise<void> {
    if (this.rows.has(rp.clientId)) throw new RelyingPartyError('rp-exists', `a relying party with client id ${rp.clientId} exists already`, { clientId: rp.clientId });
    this.rows.set(rp.clientId, structuredClone(rp));
  }

  async find(clientId: string): Promise<RelyingParty | undefined> {
    const rp = this.rows.get(clientId);
    return rp && structuredClone(rp);
  }

  async list(): Promise<RelyingParty[]> {
    return [...this.rows.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.clientId.localeCompare(b.clientId)).map((rp) => structuredClone(rp));
  }

  async setStatus(clientId: string, status: 'disabled', at: Date): Promise<RelyingParty | undefined> {
    const rp = this.rows.get(clientId);
    if (!rp || rp.status !== 'active') return undefined;
    Object.assign(rp, { status, disabledAt: at, updatedAt: at });
    return structuredClone(rp);
  }

  async update(next: RelyingParty): Promise<RelyingParty | undefined> {
    const rp = this.rows.get(next.clientId);
    if (!rp) return undefined;
    const { clientId: _id, status: _status, createdAt: _created, disabledAt: _disabled, ...decided } = structuredClone(next);
    Object.assign(rp, decided);
    return structuredClone(rp);
  }

  async nextSecretGeneration(clientId: string, at: Date): Promise<RelyingParty | undefined> {
    const rp = this.rows.get(clientId);
    if (!rp || rp.authMethod !== 'client_secret_basic' || rp.status !== 'active') return undefined;
    Object.assign(rp, { secretGeneration: (rp.secretGeneration ?? 0) + 1, updatedAt: at });
    return structuredClone(rp);
  }
}
