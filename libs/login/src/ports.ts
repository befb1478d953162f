import type { LoginRequest } from './login-request';

export interface LoginRequestStore {
  create(request: LoginRequest): Promise<void>;
  find(id: string): Promise<LoginRequest | undefined>;
  /** The newest request of a browser interaction. */
  latestOfInteraction(interaction: string): Promise<LoginRequest | undefined>;
  findByCibaRequest(cibaRequest: string): Promise<LoginRequest | undefined>;
  /** Saves if nobody saved since `request.version` was read; false otherwise (two answers raced). */
  save(request: LoginRequest): Promise<boolean>;
  /**
   * A fresh code or push in place of the interaction's open requests (they expire, and `request`, made
   * at `request.createdAt`, is created), unless the interaction's newest request is approved: that one
   * is returned and nothing changes. One step, so nothing can come between the check and the change.
   */
  replaceOpen(request: LoginRequest & { interaction: string }): Promise<LoginRequest | undefined>;
}

/** Login events for the hash-chained audit log and the person's activity. */
export interface LoginEvents {
  record(event: { action: string; civilNumber?: string; actor: string; device?: string; details?: Record<string, unknown> }): Promise<void>;
}
