/**
 * A few PKCS#11 sessions, each lent to one operation at a time. A session holds one active operation
 * (C_SignInit … C_Sign), so two overlapping signs on one session fail with CKR_OPERATION_ACTIVE; lending
 * sessions out exclusively makes concurrent callers queue instead, while the token works in parallel.
 */
import { SessionFlag, type Session, type Slot } from 'graphene-pk11';
import { KeyStoreError } from './key-store';

export class SessionPool {
  readonly #slot: Slot;
  readonly #size: number;
  readonly #all: Session[] = [];
  readonly #idle: Session[] = [];
  readonly #waiting: Array<(session: Session) => void> = [];
  #busy = 0;
  #closing?: Promise<void>;
  #drained?: () => void;

  /** `first` is an open, logged-in session; the login state is shared by every session of the token. */
  constructor(slot: Slot, size: number, first: Session) {
    this.#slot = slot;
    this.#size = size;
    this.#all.push(first);
    this.#idle.push(first);
  }

  /** Runs `task` with a session nobody else uses until the task's promise settles. */
  async use<T>(task: (session: Session) => T | Promise<T>): Promise<T> {
    if (this.#closing) throw new KeyStoreError('key store is closed');
    const session = await this.#acquire();
    try {
      return await task(session);
    } finally {
      this.#release(session);
    }
  }

  /** Lets operations already queued finish, then closes every session. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#drain().then(() => {
      for (const session of this.#all.splice(0)) {
        try {
          session.close();
        } catch {
          // Already gone with the token or module; nothing left to release.
        }
      }
      this.#idle.length = 0;
    });
    return this.#closing;
  }

  #drain(): Promise<void> {
    if (this.#busy === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#drained = resolve));
  }

  #acquire(): Promise<Session> {
    const idle = this.#idle.pop();
    if (idle) {
      this.#busy++;
      return Promise.resolve(idle);
    }
    if (this.#all.length < this.#size) {
      try {
        const session = this.#slot.open(SessionFlag.SERIAL_SESSION | SessionFlag.RW_SESSION);
        this.#all.push(session);
        this.#busy++;
        return Promise.resolve(session);
      } catch {
        // The token may cap sessions (CKR_SESSION_COUNT); waiting for one of ours is always possible.
      }
    }
    // Counted as busy from the moment it is queued, so close() waits for it too.
    this.#busy++;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(session: Session): void {
    this.#busy--;
    const next = this.#waiting.shift();
    // Handed straight to the next queued operation (already counted as busy), so no one slips in between.
    if (next) next(session);
    else this.#idle.push(session);
    if (this.#busy === 0) this.#drained?.();
  }
}
