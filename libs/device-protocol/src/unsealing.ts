import { ProtocolFormatError } from './base64url';
import { isDeviceSerial } from './device-serial';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * Server-assisted unsealing (docs/security/pin.md). A wallet that keeps its device key in a file (the
 * CLI wallet) seals it under a secret that only the server gives out, and only to an `unseal`
 * challenge answered with the right PIN proof. That answer is an ordinary DeviceAnswer, signed not by
 * the (still sealed) device key but by a second key the wallet keeps beside it, the unseal key,
 * registered with the device (`unseal_key`: base64url SPKI of a P-256 key). The server counts the PIN
 * of that answer like any other: every PIN typed to open the key is counted, and a copy of the
 * wallet's files cannot test a single PIN without the server.
 *
 * The exchange: POST /devices/{serial}/challenges `{ purpose: 'unseal' }` → `{ payload }`; the
 * DeviceAnswer (with `pin_proof`, signed by the unseal key) → POST /devices/unseal → UnsealResult.
 */
export interface UnsealResult {
  v: typeof DEVICE_PROTOCOL_VERSION;
  device: string;
  /** 32 bytes, base64url: the same for a device until its unseal key changes (registration, PIN reset). */
  unsealing_secret: string;
}

/** base64url of 32 bytes. */
export const UNSEALING_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** base64url of a DER SubjectPublicKeyInfo (a P-256 key's is 91 bytes). */
export const UNSEAL_KEY_PATTERN = /^[A-Za-z0-9_-]{100,200}$/;

export function readUnsealResult(value: unknown): UnsealResult {
  const r = value as UnsealResult;
  if (typeof value !== 'object' || value === null) throw new ProtocolFormatError('the unseal result is not an object');
  const problems: string[] = [];
  if (r.v !== DEVICE_PROTOCOL_VERSION) problems.push(`v must be ${DEVICE_PROTOCOL_VERSION}`);
  if (!isDeviceSerial(r.device)) problems.push('device');
  if (typeof r.unsealing_secret !== 'string' || !UNSEALING_SECRET_PATTERN.test(r.unsealing_secret)) problems.push('unsealing_secret');
  if (problems.length) throw new ProtocolFormatError(`invalid unseal result: ${problems.join('; ')}`);
  return r;
}
