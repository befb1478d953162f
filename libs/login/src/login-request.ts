import type { AssuranceLevel, Bilingual } from '@theqa/kernel';

/**
 * How the person reaches the login: a QR code on the browser, a push to the wallet, CIBA (no browser),
 * or the ID card in a reader at the browser (Web eID).
 */
export type LoginChannel = 'qr' | 'push' | 'ciba' | 'card';

/**
 * pending → (qr: claimed by a device) → approved | denied; or expired. Decided once: the first device
 * answer wins, and a refreshed QR code expires its predecessor.
 */
export type LoginStatus = 'pending' | 'claimed' | 'approved' | 'denied' | 'expired';

/** Why a login was denied (shown to the person, and `access_denied` for the relying party). */
export type LoginDenial = 'denied-on-device' | 'wrong-code' | 'pin-wrong' | 'pin-blocked' | 'identity-suspended' | 'consent-declined' | 'assurance-too-low';

/** One attempt to log a person in at a relying party; everything a second gateway instance needs. */
export interface LoginRequest {
  /** 16 random bytes, base64url: carried by the QR code and the device challenge. */
  id: string;
  channel: LoginChannel;
  /** The OpenID Provider's interaction (browser logins). */
  interaction?: string;
  /** The CIBA request's id (decoupled logins). */
  cibaRequest?: string;
  clientId: string;
  relyingParty: Bilingual;
  claims: string[];
  purpose: Bilingual;
  /** The least assurance the relying party accepts. */
  acr: AssuranceLevel;
  civilNumber?: string;
  /** The device that claimed (QR) or answered the request. */
  device?: string;
  /** The code the browser shows; the wallet shows it among `decoys`. */
  code?: string;
  decoys?: string[];
  bindingMessage?: string;
  status: LoginStatus;
  denial?: LoginDenial;
  /** The identity's assurance when it approved. */
  assurance?: AssuranceLevel;
  createdAt: Date;
  expiresAt: Date;
  decidedAt?: Date;
  version: number;
}

export function isOpen(request: LoginRequest, now: Date): boolean {
  return (request.status === 'pending' || request.status === 'claimed') && request.expiresAt > now;
}

/** The person a decided request is about; a request without one was never claimed by a device. */
export function personOf(request: LoginRequest): string {
  if (!request.civilNumber) throw new Error(`login request ${request.id} has no person yet`);
  return request.civilNumber;
}
