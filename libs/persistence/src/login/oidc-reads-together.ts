import { AsyncLocalStorage } from 'node:async_hooks';

/** A stored oidc-provider model as the adapter reads it. */
export interface OidcRow {
  payload: Record<string, unknown>;
  consumed_at: Date | null;
}

/**
 * Reads that go together, within one request. oidc-provider reads a model and then, one statement at
 * a time, the models it names: an interaction its session (at every step of the login pages), a code
 * or an access token its session and its grant. Inside `together`, the adapter reads those along with
 * the first one, in the same statement, and keeps them here for the next read of the same key, which
 * takes the row instead of asking again. A row is taken once, only by code running inside the call
 * (the same request), and a write of that model in the call forgets it, so every read sees what
 * reading the database at that moment of the request could have: as fresh as a read a few
 * milliseconds earlier, and never older than the request's own writes. Outside, every read goes to
 * the database.
 */
export class OidcReadsTogether {
  private readonly scope = new AsyncLocalStorage<Map<string, OidcRow | null>>();

  together<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.run(new Map(), work);
  }

  /** Whether reads made now may fetch rows for later reads of the same call. */
  get active(): boolean {
    return this.scope.getStore() !== undefined;
  }

  /** `row` null: read along, and there is no such model. */
  keep(key: string, row: OidcRow | null): void {
    this.scope.getStore()?.set(key, row);
  }

  /** The row kept for `key` (undefined: none kept; null: kept, and there was no such model). */
  take(key: string): OidcRow | null | undefined {
    const kept = this.scope.getStore();
    if (!kept?.has(key)) return undefined;
    const row = kept.get(key) ?? null;
    kept.delete(key);
    return row;
  }

  /** Forgets what was kept under `key`, or under every key that starts with `key` and ends with '*'. */
  forget(key: string): void {
    const kept = this.scope.getStore();
    if (!kept) return;
    if (!key.endsWith('*')) return void kept.delete(key);
    for (const k of kept.keys()) if (k.startsWith(key.slice(0, -1))) kept.delete(k);
  }

  forgetAll(): void {
    this.scope.getStore()?.clear();
  }
}
