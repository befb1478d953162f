import type { RelyingParty } from './relying-party';

/** Where relying parties are kept (PostgreSQL: PostgresRelyingPartyStore in @theqa/persistence). */
export interface RelyingPartyStore {
  /** Refuses a client id that exists (RelyingPartyError `rp-exists`), whatever its status. */
  insert(rp: RelyingParty): Promise<void>;
  find(clientId: string): Promise<RelyingParty | undefined>;
  /** Every relying party, oldest first. */
  list(): Promise<RelyingParty[]>;
  /** One conditional update: only an active RP is disabled; undefined when unknown or already disabled. */
  setStatus(clientId: string, status: 'disabled', at: Date): Promise<RelyingParty | undefined>;
  /** Replaces what an administrator decides (names, URIs, entitlement, acr, authentication, keys, CIBA); never status or dates of creation. */
  update(rp: RelyingParty): Promise<RelyingParty | undefined>;
  /** Moves a client_secret_basic RP to its next secret generation, atomically; undefined when unknown or not a secret client. */
  nextSecretGeneration(clientId: string, at: Date): Promise<RelyingParty | undefined>;
}

export type RelyingPartyAction = 'rp.registered' | 'rp.disabled' | 'rp.updated' | 'rp.secret-rotated';

/** Audited administrator actions (the audit log: AuditedRelyingPartyEvents in @theqa/persistence). */
export interface RelyingPartyEvents {
  record(event: { action: RelyingPartyAction; actor: string; clientId: string; details: Record<string, unknown> }): Promise<void>;
}

/**
 * Where approved logins are counted (PostgreSQL: the activity's `login.approved` entries,
 * PostgresRelyingPartyLogins in @theqa/persistence): one query for the whole range.
 */
export interface RelyingPartyLogins {
  /** Days (YYYY-MM-DD in `timeZone`) with at least one approved login through the RP, and how many. */
  perDay(clientId: string, range: { from: string; to: string }, timeZone: string): Promise<Array<{ day: string; logins: number }>>;
}
