import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url: a session's or a login transaction's id, as its cookie carries it. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keys rows by: a stolen database copy names no live session. */
export function tokenSha256(token: string): Buffer {
  return createHash('sha256').update(token, 'ascii').digest();
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** Constant-time comparison of a form's token with the session's; anything but one string is refused. */
export function csrfMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || !isToken(presented)) return false;
  return timingSafeEqual(Buffer.from(expected, 'ascii'), Buffer.from(presented, 'ascii'));
}
