import { canonicalJson, type Bilingual } from '@theqa/kernel';
import { fromBase64url, fromUtf8, ProtocolFormatError, toBase64url, utf8 } from './base64url';
import { isDeviceSerial } from './device-serial';
import { isSigningContext, type SigningContext } from './signing-request';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * What a challenge asks the device to do. `unseal` asks for the secret that opens a wallet's sealed
 * device key (unsealing.ts); it is answered with the unseal key. `signing` asks for a document
 * signature (signing-request.ts): the answer carries it, made with the device's signing key, and is
 * signed as every answer is, by the device key.
 */
export const CHALLENGE_PURPOSES = ['device-status', 'pin-check', 'pin-change', 'login', 'unseal', 'signing'] as const;
export type ChallengePurpose = (typeof CHALLENGE_PURPOSES)[number];

/**
 * A request from the server to one device. It travels as `payload`: base64url of its canonical JSON,
 * so that the device shows, and then signs, exactly the bytes the server made.
 */
export interface DeviceChallenge {
  v: typeof DEVICE_PROTOCOL_VERSION;
  id: string;
  purpose: ChallengePurpose;
  /** The device's serial number: a challenge for one device is useless to another. */
  device: string;
  /** 32 random bytes, base64url. */
  nonce: string;
  issued_at: string;
  expires_at: string;
  requires_pin: boolean;
  /** What the wallet shows the user before they answer. */
  display: Bilingual;
  /** Only for purpose `login`: who asks, for what, and the verification codes to pick from. */
  login?: LoginContext;
  /** Only for purpose `signing`: the document, who asks, and what the signing key signs. */
  signing?: SigningContext;
}

/**
 * A login at a relying party as the wallet shows it. Browser logins carry three two-digit codes, one
 * of them on the browser's screen (number matching); decoupled (CIBA) logins carry the relying
 * party's binding message instead.
 */
export interface LoginContext {
  /** The login request's id: 16 random bytes, base64url. */
  request: string;
  relying_party: Bilingual;
  claims: Array<{ claim: string; ar: string; en: string }>;
  purpose: Bilingual;
  codes?: string[];
  binding_message?: string;
}

export interface ChallengeEnvelope {
  payload: string;
}

const ID = /^[A-Za-z0-9_-]{22}$/;
const NONCE = /^[A-Za-z0-9_-]{43}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

export function encodeChallenge(challenge: DeviceChallenge): ChallengeEnvelope {
  checkChallenge(challenge);
  return { payload: toBase64url(utf8(canonicalJson({ ...challenge, display: { ...challenge.display } }))) };
}

/** Decodes and checks a challenge; refuses anything that is not exactly its canonical encoding. */
export function decodeChallenge(payload: string): DeviceChallenge {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(fromBase64url(payload)));
  } catch {
    throw new ProtocolFormatError('the challenge is not base64url JSON');
  }
  const challenge = checkChallenge(parsed);
  if (toBase64url(utf8(canonicalJson(challenge as unknown as Record<string, unknown>))) !== payload) {
    throw new ProtocolFormatError('the challenge is not canonically encoded');
  }
  return challenge;
}

function checkChallenge(value: unknown): DeviceChallenge {
  const c = value as DeviceChallenge;
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) throw new ProtocolFormatError('the challenge is not an object');
  if (c.v !== DEVICE_PROTOCOL_VERSION) problems.push(`v must be ${DEVICE_PROTOCOL_VERSION}`);
  if (typeof c.id !== 'string' || !ID.test(c.id)) problems.push('id');
  if (!CHALLENGE_PURPOSES.includes(c.purpose)) problems.push('purpose');
  if (!isDeviceSerial(c.device)) problems.push('device');
  if (typeof c.nonce !== 'string' || !NONCE.test(c.nonce)) problems.push('nonce');
  if (typeof c.issued_at !== 'string' || !ISO.test(c.issued_at)) problems.push('issued_at');
  if (typeof c.expires_at !== 'string' || !ISO.test(c.expires_at)) problems.push('expires_at');
  if (typeof c.requires_pin !== 'boolean') problems.push('requires_pin');
  if (typeof c.display !== 'object' || c.display === null || typeof c.display.ar !== 'string' || typeof c.display.en !== 'string') problems.push('display');
  if (c.purpose === 'login' ? !isLoginContext(c.login) : c.login !== undefined) problems.push('login');
  if (c.purpose === 'signing' ? !isSigningContext(c.signing) : c.signing !== undefined) problems.push('signing');
  const known = new Set(['v', 'id', 'purpose', 'device', 'nonce', 'issued_at', 'expires_at', 'requires_pin', 'display', 'login', 'signing']);
  const extra = Object.keys(c).filter((k) => !known.has(k));
  if (extra.length) problems.push(`unexpected fields ${extra.join(', ')}`);
  if (problems.length) throw new ProtocolFormatError(`invalid challenge: ${problems.join('; ')}`);
  return c;
}

const label = (v: unknown): boolean => typeof v === 'object' && v !== null && typeof (v as { ar: unknown }).ar === 'string' && typeof (v as { en: unknown }).en === 'string';
export const VERIFICATION_CODE = /^\d{2}$/;

function isLoginContext(value: unknown): boolean {
  const l = value as LoginContext;
  if (typeof value !== 'object' || value === null) return false;
  const known = new Set(['request', 'relying_party', 'claims', 'purpose', 'codes', 'binding_message']);
  if (Object.keys(l).some((k) => !known.has(k))) return false;
  if (typeof l.request !== 'string' || !ID.test(l.request) || !label(l.relying_party) || !label(l.purpose)) return false;
  if (!Array.isArray(l.claims) || !l.claims.every((c) => label(c) && typeof c.claim === 'string')) return false;
  const codes = l.codes === undefined || (Array.isArray(l.codes) && l.codes.length === 3 && new Set(l.codes).size === 3 && l.codes.every((c) => typeof c === 'string' && VERIFICATION_CODE.test(c)));
  const binding = l.binding_message === undefined || (typeof l.binding_message === 'string' && l.binding_message.length <= 64);
  return codes && binding && (l.codes !== undefined) !== (l.binding_message !== undefined);
}
