import type { AssuranceLevel, Bilingual } from '@theqa/kernel';
import type { SignedCardData } from './signed-card-data';

/**
 * The registration journey as the wallet and the server speak it (HTTP JSON under /enrolment). The
 * server keeps the journey and enforces the order; each answer names the step that comes next.
 */
export const ENROLMENT_STEPS = ['contact', 'terms', 'face', 'otp', 'pin', 'device-key', 'done'] as const;
export type EnrolmentStep = (typeof ENROLMENT_STEPS)[number];

/** POST /enrolment/journeys: the card as read over NFC, and the device that registers. */
export interface StartEnrolment {
  card: SignedCardData;
  device: { platform: string; name: string };
}

/** Every step's answer: where the journey stands. The journey token is returned once, at the start. */
export interface EnrolmentState {
  journey_token?: string;
  step: EnrolmentStep;
  /** When the current step lapses; the journey must then start again. */
  step_expires_at: string;
  person?: { full_name_ar: string; full_name_en: string; civil_number: string };
  /** Where one-time codes go: the phone on record in the civil registry, masked. */
  phone_on_record?: string;
  attempts_left?: number;
  terms?: { version: string; ar: string; en: string };
  message?: Bilingual;
}

/** POST /enrolment/journeys/current/contact */
export interface ContactDetails {
  email: string;
  phone: string;
}

/** POST /enrolment/journeys/current/terms */
export interface TermsAcceptance {
  version: string;
}

/** POST /enrolment/journeys/current/face: a selfie, PNG, standard base64. */
export interface FaceCapture {
  selfie: string;
}

/** POST /enrolment/journeys/current/otp */
export interface OtpEntry {
  code: string;
}

/** POST /enrolment/journeys/current/pin: the proof of the chosen PIN (pin-proof.ts), never the PIN. */
export interface PinChoice {
  pin_proof: string;
}

/**
 * POST /enrolment/journeys/current/device-key: a PKCS#10 request for a key made on the device, and,
 * from a wallet that keeps that key in a file, the unseal key it will ask for the key's unsealing
 * secret with (unsealing.ts).
 */
export interface DeviceKeyRequest {
  csr: string;
  /** base64url SPKI of a P-256 key: only for a wallet that seals its device key (the CLI wallet). */
  unseal_key?: string;
}

/**
 * POST /enrolment/pin-reset/current/pin: the new PIN's proof. A wallet may replace its device key at
 * the same time (a new CSR), and one that seals its key sends the new key's unseal key with it: the
 * old keys may have left with a copy of the wallet.
 */
export interface PinResetChoice {
  pin_proof: string;
  csr?: string;
  unseal_key?: string;
}

/** The answer to the reset's last step. */
export interface PinResetResult extends EnrolmentState {
  certificate?: string;
  chain?: string[];
  /** Only when `unseal_key` was sent: the secret to seal the new device key under. */
  unsealing_secret?: string;
}

/** The answer to the last step. */
export interface EnrolmentResult extends EnrolmentState {
  step: 'done';
  civil_number: string;
  assurance: AssuranceLevel;
  device: { serial: string; platform: string; name: string };
  /** PEM of the device's authentication certificate, then its chain up to the root. */
  certificate: string;
  chain: string[];
  /** Only when `unseal_key` was sent: the secret to seal the device key under (base64url, 32 bytes). */
  unsealing_secret?: string;
}
