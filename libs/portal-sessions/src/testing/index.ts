import type { LoginTransaction, LoginTransactionStore, NewPortalSession, PortalSession, PortalSessionStore } from '../sessions/portal-session';

/** Sessions in memory, for tests: the clock is the test's, the device check a set of revoked serials. */
export class MemoryPortalSessionStore implements PortalSessionStore {
  readonly sessions = new Map<string, PortalSession>();
  readonly revokedDevices = new Set<string>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async create(idSha256: Buffer, session: NewPortalSession, absoluteSeconds: number): Promise<PortalSession> {
    const now = this.now();
    const created = { ...session, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + absoluteSeconds * 1000) };
    this.sessions.set(idSha256.toString('hex'), created);
    return { ...created };
  }

  async resume(idSha256: Buffer, idleSeconds: number): Promise<PortalSession | undefined> {
    const now = this.now();
    const session = this.sessions.get(idSha256.toString('hex'));
    if (!session || session.expiresAt <= now || session.lastSeenAt.getTime() + idleSeconds * 1000 <= now.getTime() || (session.device !== undefined && this.revokedDevices.has(session.device))) return undefined;
    session.lastSeenAt = now;
    return { ...session };
  }

  async end(idSha256: Buffer): Promise<PortalSession | undefined> {
    const key = idSha256.toString('hex');
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    return session;
  }

  async endOfDevice(device: string): Promise<number> {
    let ended = 0;
    for (const [key, session] of this.sessions) {
      if (session.device !== device) continue;
      this.sessions.delete(key);
      ended += 1;
    }
    return ended;
  }
}

export class MemoryLoginTransactionStore implements LoginTransactionStore {
  readonly transactions = new Map<string, { transaction: LoginTransaction; expiresAt: number }>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async create(idSha256: Buffer, transaction: LoginTransaction, lifetimeSeconds: number): Promise<void> {
    this.transactions.set(idSha256.toString('hex'), { transaction, expiresAt: this.now().getTime() + lifetimeSeconds * 1000 });
  }

  async take(idSha256: Buffer): Promise<LoginTransaction | undefined> {
    const key = idSha256.toString('hex');
    const found = this.transactions.get(key);
    this.transactions.delete(key);
    return found && found.expiresAt > this.now().getTime() ? found.transaction : undefined;
  }
}
