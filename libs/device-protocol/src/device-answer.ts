import { canonicalJson } from '@theqa/kernel';
import { ProtocolFormatError, utf8 } from './base64url';
import { isDeviceSerial } from './device-serial';
import { PIN_PROOF_PATTERN } from './pin-proof';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * The device's answer to a challenge. `challenge` is the envelope's payload exactly as received, so the
 * signature covers the very bytes the user was shown. PIN proofs ride inside the signed answer: a
 * proof cannot be lifted from one answer into another, and each answer spends its challenge.
 */
export interface DeviceAnswer {
  v: typeof DEVICE_PROTOCOL_VERSION;
  challenge: string;
  device: string;
  decision: 'approve' | 'deny';
  pin_proof?: string;
  /** Only for pin-change: the proof of the new PIN. */
  new_pin_proof?: string;
  /** Only for a browser login: the verification code the user picked of the three shown. */
  code?: string;
  /**
   * Only for an approved `signing` challenge: the signature of the challenge's signed attributes by the
   * device's signing key (never its device key), ECDSA, DER or IEEE P1363, base64url.
   */
  document_signature?: string;
  /** ECDSA P-256 with SHA-256 over answerSigningBytes(answer), IEEE P1363 (r ‖ s, 64 bytes) as WebCrypto makes it, base64url. */
  signature: string;
}

export type UnsignedDeviceAnswer = Omit<DeviceAnswer, 'signature'>;

const DOMAIN = 'theqa-device/1 answer\n';

/** The bytes a device signs: a domain label, then the canonical JSON of every field but the signature. */
export function answerSigningBytes(answer: UnsignedDeviceAnswer): Uint8Array {
  const { v, challenge, device, decision, pin_proof, new_pin_proof, code, document_signature } = answer;
  return utf8(DOMAIN + canonicalJson({ v, challenge, device, decision, pin_proof, new_pin_proof, code, document_signature }));
}

const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
/** An ECDSA signature of a P-256 or P-384 key, DER (up to 104 bytes) or P1363 (64 or 96 bytes). */
const DOCUMENT_SIGNATURE = /^[A-Za-z0-9_-]{80,140}$/;

export function readDeviceAnswer(value: unknown): DeviceAnswer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolFormatError('the answer must be an object');
  const a = value as DeviceAnswer;
  const problems: string[] = [];
  if (a.v !== DEVICE_PROTOCOL_VERSION) problems.push(`v must be ${DEVICE_PROTOCOL_VERSION}`);
  if (typeof a.challenge !== 'string' || a.challenge.length === 0 || a.challenge.length > 4096) problems.push('challenge');
  if (!isDeviceSerial(a.device)) problems.push('device');
  if (a.decision !== 'approve' && a.decision !== 'deny') problems.push('decision');
  for (const field of ['pin_proof', 'new_pin_proof'] as const) {
    if (a[field] !== undefined && (typeof a[field] !== 'string' || !PIN_PROOF_PATTERN.test(a[field]))) problems.push(field);
  }
  if (a.code !== undefined && (typeof a.code !== 'string' || !/^\d{2}$/.test(a.code))) problems.push('code (two digits)');
  if (a.document_signature !== undefined && (typeof a.document_signature !== 'string' || !DOCUMENT_SIGNATURE.test(a.document_signature))) problems.push('document_signature');
  if (typeof a.signature !== 'string' || !SIGNATURE.test(a.signature)) problems.push('signature');
  const known = new Set(['v', 'challenge', 'device', 'decision', 'pin_proof', 'new_pin_proof', 'code', 'document_signature', 'signature']);
  const extra = Object.keys(a).filter((k) => !known.has(k));
  if (extra.length) problems.push(`unexpected fields ${extra.join(', ')}`);
  if (problems.length) throw new ProtocolFormatError(`invalid answer: ${problems.join('; ')}`);
  return a;
}
