import { isToken, newToken, tokenSha256 } from './session-token';
import type { NewPortalSession, PortalSession, PortalSessionStore, SessionTimeouts } from './portal-session';

/** The portal's defaults: 15 minutes without a request, 8 hours in all. */
export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { idleSeconds: 15 * 60, absoluteSeconds: 8 * 3600 };

/**
 * The portal's web sessions: opened after a login through the gateway, resumed by the cookie's
 * token on each request (which keeps an active session alive), ended by logout, by lapsing, or when
 * the device that logged in is reported lost.
 */
export class PortalSessions {
  readonly timeouts: SessionTimeouts;

  constructor(
    private readonly store: PortalSessionStore,
    timeouts: SessionTimeouts = DEFAULT_SESSION_TIMEOUTS,
  ) {
    if (!(timeouts.idleSeconds > 0 && timeouts.absoluteSeconds >= timeouts.idleSeconds)) throw new RangeError('session timeouts: idle > 0 and absolute ≥ idle');
    this.timeouts = timeouts;
  }

  /** A new session for this login: its token (the cookie's value, shown nowhere else) and the session. */
  async open(login: Omit<NewPortalSession, 'csrfToken'>): Promise<{ token: string; session: PortalSession }> {
    const token = newToken();
    const session = await this.store.create(tokenSha256(token), { ...login, csrfToken: newToken() }, this.timeouts.absoluteSeconds);
    return { token, session };
  }

  /** The session a cookie names, if it is still alive (anything malformed is simply no session). */
  async resume(token: unknown): Promise<PortalSession | undefined> {
    if (!isToken(token)) return undefined;
    return this.store.resume(tokenSha256(token), this.timeouts.idleSeconds);
  }

  async end(token: unknown): Promise<PortalSession | undefined> {
    if (!isToken(token)) return undefined;
    return this.store.end(tokenSha256(token));
  }

  /** Every session that device's logins opened (a device reported lost): how many ended. */
  endOfDevice(device: string): Promise<number> {
    return this.store.endOfDevice(device);
  }
}
