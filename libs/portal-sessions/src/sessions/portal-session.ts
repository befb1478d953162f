import type { AssuranceLevel, Language } from '@theqa/kernel';

/**
 * A person logged in to the portal: who, with which device (the one that approved the login, as the
 * gateway's ID token names it), at which assurance, and the form token every state-changing form of
 * this session must carry. The session's own id is never stored, only its SHA-256.
 */
export interface PortalSession {
  civilNumber: string;
  /** The wallet's device that approved the login; none for a login with the ID card (always high). */
  device?: string;
  acr: AssuranceLevel;
  /** The names the ID token released, for the page's header. */
  names: { ar?: string; en?: string };
  csrfToken: string;
  /** Kept only to name the gateway session at logout (`id_token_hint`). */
  idToken?: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The absolute end, whatever the activity. */
  expiresAt: Date;
}

export type NewPortalSession = Omit<PortalSession, 'createdAt' | 'lastSeenAt' | 'expiresAt'>;

/** How long a session lives: since its last request (idle), and at most since its login (absolute). */
export interface SessionTimeouts {
  idleSeconds: number;
  absoluteSeconds: number;
}

/**
 * Where sessions live (PostgreSQL: any instance serves any request). Time is the store's: the
 * database's clock decides lapses, so instances whose clocks drift still agree.
 */
export interface PortalSessionStore {
  create(idSha256: Buffer, session: NewPortalSession, absoluteSeconds: number): Promise<PortalSession>;
  /**
   * The session, touched (last seen now), if it is neither idle longer than `idleSeconds` nor past its
   * absolute end, and its device (if it has one) is still active; one statement decides and touches.
   */
  resume(idSha256: Buffer, idleSeconds: number): Promise<PortalSession | undefined>;
  /** Removes the session; what it was, if it existed. */
  end(idSha256: Buffer): Promise<PortalSession | undefined>;
  /** Removes every session a device's login opened; how many. */
  endOfDevice(device: string): Promise<number>;
}

/** What a login started in the portal must remember until the gateway sends the person back. */
export interface LoginTransaction {
  state: string;
  nonce: string;
  codeVerifier: string;
  lang: Language;
}

export interface LoginTransactionStore {
  create(idSha256: Buffer, transaction: LoginTransaction, lifetimeSeconds: number): Promise<void>;
  /** The transaction, removed in the same statement: a callback is finished once. */
  take(idSha256: Buffer): Promise<LoginTransaction | undefined>;
}
