import { createHash, timingSafeEqual } from 'node:crypto';
import { PIN_PROOF_PATTERN, pinProofMessage, trivialPins, type PinContext } from '@theqa/device-protocol';
import { IdentityError } from '../identity-error';
import type { SecretMac } from '../ports';

/**
 * What the server keeps of a device's PIN: HMAC-SHA256, under a key in the key store, of the device
 * serial and the PIN proof. A database dump without the key gives nothing to brute-force; the key
 * alone gives nothing either. See docs/security/pin.md.
 */
export async function pinVerifier(mac: SecretMac, deviceSerial: string, pinProof: string): Promise<Buffer> {
  checkProof(pinProof);
  return mac.mac(Buffer.from(`theqa-pin-verifier/1\u0000${deviceSerial}\u0000${pinProof}`, 'utf8'));
}

export async function pinMatches(mac: SecretMac, deviceSerial: string, pinProof: string, stored: Buffer): Promise<boolean> {
  const candidate = await pinVerifier(mac, deviceSerial, pinProof);
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}

/**
 * The server's own check of the PIN rules: the proof is compared with the proofs of every trivial PIN
 * for this person (about 1,130), so a modified wallet cannot set one either.
 */
export function assertPinProofAcceptable(pinProof: string, context: PinContext): void {
  checkProof(pinProof);
  for (const pin of trivialPins(context)) {
    if (createHash('sha256').update(pinProofMessage(context.civilNumber, pin)).digest('base64url') === pinProof) {
      throw new IdentityError('pin-trivial', 'this PIN is too easy to guess; choose another');
    }
  }
}

function checkProof(pinProof: string): void {
  if (typeof pinProof !== 'string' || !PIN_PROOF_PATTERN.test(pinProof)) throw new IdentityError('pin-format', 'pin_proof must be base64url of 32 bytes');
}
