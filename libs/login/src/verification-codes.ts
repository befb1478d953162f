import { randomInt } from 'node:crypto';

/**
 * Number matching: the browser shows one two-digit code, the wallet shows it among two decoys. A
 * person who approves a login they did not start has one chance in three of picking right, and a
 * wrong pick cancels the attempt. The shown order is random so the right code has no fixed place.
 */
export function verificationCodes(): { code: string; shown: string[] } {
  const picked = new Set<string>();
  while (picked.size < 3) picked.add(String(randomInt(10, 100)));
  const codes = [...picked];
  const code = codes[0];
  for (let i = codes.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [codes[i], codes[j]] = [codes[j], codes[i]];
  }
  return { code, shown: codes };
}
