/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds from now: delay-seconds or an HTTP-date. Undefined
 * when absent or unreadable, so that backoff decides instead.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  // An IMF-fixdate ends in GMT; anything else Date.parse would guess at.
  const at = /GMT$/.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with jitter: the n-th retry (from 1) waits between half and all of
 * `backoffMs · 2^(n−1)`, capped; the random half keeps many instances from retrying in step.
 */
export function backoffDelayMs(retry: number, backoffMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, backoffMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Seconds for an unavailable system's `retryAfterSeconds`: at least 1, whole. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
