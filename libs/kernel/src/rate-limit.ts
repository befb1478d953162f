/** At most `limit` hits per window of `windowSeconds` (a fixed window, opened by its first hit). */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** One hit's verdict; `retryAfterSeconds` is when the window closes (at least 1). */
export interface RateVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters shared by every instance of the platform (PostgreSQL's `rate_limit` table):
 * each hit is counted and decided in one step, so that hits arriving together cannot all slip under the
 * limit. A refused hit counts too. Buckets are named by their owner (`login-push:civil:<n>`,
 * `device-challenge:address:<ip>`); the same bucket must always be consumed with the same limit.
 */
export interface RateLimiter {
  consume(bucket: string, limit: number, windowSeconds: number, now: Date): Promise<RateVerdict>;
}
