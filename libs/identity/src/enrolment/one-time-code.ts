import { randomInt, timingSafeEqual } from 'node:crypto';
import type { SecretMac } from '../ports';

/** Six digits from the CSPRNG, uniformly (randomInt rejects modulo bias). */
export function drawOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** A code is kept only as a MAC bound to its journey: a dump of the database does not reveal it. */
export async function oneTimeCodeMac(mac: SecretMac, journeyId: string, code: string): Promise<string> {
  return (await mac.mac(Buffer.from(`theqa-otp/1\u0000${journeyId}\u0000${code}`, 'utf8'))).toString('base64url');
}

export async function oneTimeCodeMatches(mac: SecretMac, journeyId: string, code: string, stored: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const candidate = Buffer.from(await oneTimeCodeMac(mac, journeyId, code), 'base64url');
  const expected = Buffer.from(stored, 'base64url');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
