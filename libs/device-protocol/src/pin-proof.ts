import { utf8 } from './base64url';

/**
 * What a wallet sends instead of the PIN: SHA-256 of this message, base64url. It keeps the PIN's
 * digits out of every request body, log line and proxy, and makes the value useless for another
 * person or system (the civil number and a domain label are hashed in). It is NOT a secret-keeping
 * hash: six digits are a million candidates, so the server treats the proof as the PIN itself —
 * never stored, never logged, kept only as a keyed MAC under a key in the key store (docs/security/pin.md).
 */
export function pinProofMessage(civilNumber: string, pin: string): Uint8Array {
  return utf8(`theqa-pin/1\u0000${civilNumber}\u0000${pin}`);
}

/** A PIN proof is base64url of 32 bytes. */
export const PIN_PROOF_PATTERN = /^[A-Za-z0-9_-]{43}$/;
