import type { LoginRequest } from './login-request';

export interface LoginRequestStore {
  create(request: LoginRequest): Promise<void>;
  find(id: string): Promise<LoginRequest | undefined>;
  /** The newest request of a browser interaction. */
  latestOfInteraction(interaction: string): Promise<LoginRequest | undefined>;
  findByCibaRequest(cibaRequest: string): Promise<LoginRequest | undefined>;
  /** Saves if nobody saved since `request.version` was read; false otherwise (two answers raced). */
  save(request: LoginRequest): Promise<boolean>;
  /** Expires the open requests of an interaction (a fresh QR code replaces the old one). */
  expireOpen(interaction: string, now: Date): Promise<void>;
}

/** Login events for the hash-chained audit log and the person's activity. */
export interface LoginEvents {
  record(event: { action: string; civilNumber?: string; actor: string; device?: string; details?: Record<string, unknown> }): Promise<void>;
}
