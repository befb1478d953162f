import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * What oidc-provider signs its cookies with (the `cookies` package's Keygrip interface): the same
 * signatures as Keygrip's defaults (HMAC-SHA1 keyed with each key string's bytes, base64url), so
 * cookies signed before still verify. Keygrip compares through tsscmp, which draws 32 random bytes
 * and computes two more HMACs for every comparison; a login reads signed cookies some twenty times,
 * and that comparison was 4% of the platform's CPU. Here the keys are imported once and the digests
 * compared with timingSafeEqual (the length of a SHA-1 digest is no secret).
 */
export class CookieSigner {
  private readonly keys: KeyObject[];

  constructor(keys: readonly string[]) {
    if (!keys.length) throw new Error('cookie signing needs at least one key');
    this.keys = keys.map((key) => createSecretKey(Buffer.from(key, 'utf8')));
  }

  sign(data: string): string {
    return this.digest(data, this.keys[0]).toString('base64url');
  }

  verify(data: string, digest: string): boolean {
    return this.index(data, digest) > -1;
  }

  /** Which key signed `data` (0 is the current one; a later one makes the cookie be signed again), or -1. */
  index(data: string, digest: string): number {
    const given = Buffer.from(String(digest), 'base64url');
    // base64url decoding skips what is not base64url: a digest that does not round-trip is no digest.
    if (given.toString('base64url') !== digest) return -1;
    for (let i = 0; i < this.keys.length; i++) {
      const expected = this.digest(data, this.keys[i]);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return i;
    }
    return -1;
  }

  private digest(data: string, key: KeyObject): Buffer {
    return createHmac('sha1', key).update(String(data)).digest();
  }
}
