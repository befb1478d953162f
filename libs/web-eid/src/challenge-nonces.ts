import { randomBytes } from 'node:crypto';

/**
 * Challenges one binding (a browser's login interaction) may be issued in a window: a person retries a
 * few times; a page asking in a loop is stopped (each nonce is a row until housekeeping). The caller
 * counts (the gateway, with the platform's rate limiter).
 */
export const CHALLENGE_LIMIT = { perBinding: 10, windowSeconds: 600 } as const;

/** What the one consuming statement found: the nonce is taken now, or why not. */
export type NonceUse = 'consumed' | 'unknown' | 'expired' | 'used';

/**
 * Where challenge nonces live between issue and use (PostgreSQL: PostgresWebEidNonceStore). Times are
 * the store's own clock, so that every instance of the gateway agrees on what has expired.
 */
export interface ChallengeNonceStore {
  /** Keeps a fresh nonce for `binding` for `lifetimeSeconds`; returns when it expires. */
  save(nonce: string, binding: string, lifetimeSeconds: number): Promise<Date>;
  /**
   * Takes the nonce for `binding` in ONE statement, so that of any number of concurrent attempts
   * exactly one gets 'consumed'. A nonce issued to another binding is 'unknown' to this one.
   */
  consume(nonce: string, binding: string): Promise<NonceUse>;
}

export interface IssuedChallenge {
  /** 32 random bytes in base64 (44 characters), as the Web eID reference libraries make them. */
  challengeNonce: string;
  expiresAt: Date;
}

export const NONCE_BYTES = 32;
/** base64 of 32 bytes: 43 characters and one `=`. */
export const NONCE_PATTERN = /^[A-Za-z0-9+/]{43}=$/;
/** An opaque id of one browser interaction (the OpenID provider's interaction uid, a session id). */
export const BINDING_PATTERN = /^[\x21-\x7e]{1,200}$/;
export const DEFAULT_NONCE_LIFETIME_SECONDS = 300;

/**
 * Challenge nonces: at least 256 bits from the CSPRNG, bound to one browser interaction, short-lived,
 * stored, used once. The binding is what makes a token good only in the browser that asked for it.
 */
export class ChallengeNonces {
  constructor(
    private readonly store: ChallengeNonceStore,
    readonly lifetimeSeconds: number = DEFAULT_NONCE_LIFETIME_SECONDS,
  ) {
    if (!(lifetimeSeconds > 0 && lifetimeSeconds <= 3600)) throw new RangeError('a challenge nonce lives more than 0 and at most 3600 seconds');
  }

  async issue(binding: string): Promise<IssuedChallenge> {
    if (!BINDING_PATTERN.test(binding)) throw new RangeError('a binding is 1 to 200 printable ASCII characters');
    const challengeNonce = randomBytes(NONCE_BYTES).toString('base64');
    const expiresAt = await this.store.save(challengeNonce, binding, this.lifetimeSeconds);
    return { challengeNonce, expiresAt };
  }

  /** Malformed input is 'unknown' without a query: nothing of that shape was ever issued. */
  consume(challengeNonce: unknown, binding: unknown): Promise<NonceUse> {
    if (typeof challengeNonce !== 'string' || !NONCE_PATTERN.test(challengeNonce)) return Promise.resolve('unknown');
    if (typeof binding !== 'string' || !BINDING_PATTERN.test(binding)) return Promise.resolve('unknown');
    return this.store.consume(challengeNonce, binding);
  }
}
