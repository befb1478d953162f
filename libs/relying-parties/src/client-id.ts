import { randomInt } from 'node:crypto';

/** Lower-case letters, digits and hyphens: safe in URLs, log lines, file names and audit subjects. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,62}$/;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `rp-` and 12 base32 characters (60 random bits): collisions are not a practical concern, and a clash is refused anyway. */
export function generateClientId(): string {
  let id = 'rp-';
  for (let i = 0; i < 12; i++) id += BASE32[randomInt(BASE32.length)];
  return id;
}
