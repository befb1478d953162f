import type { Bilingual } from '@theqa/kernel';

/**
 * The upgrade to HIGH as the wallet and the server speak it (HTTP JSON under /identity/upgrades).
 * The portal begins it for a device the person picks and shows a QR code; the wallet of that device
 * scans it (`UpgradeScan`), then face match, SMS code, terms, and a signing key made on the device.
 * The server keeps the journey and enforces the order; each answer names the step that comes next.
 */
export const UPGRADE_STEPS = ['scan', 'face', 'otp', 'terms', 'signing-key', 'done'] as const;
export type UpgradeStep = (typeof UPGRADE_STEPS)[number];

/** Every step's answer: where the upgrade stands. The journey token is returned once, at the scan. */
export interface UpgradeState {
  journey_token?: string;
  step: UpgradeStep;
  /** When the current step lapses; the upgrade must then start again in the portal. */
  step_expires_at: string;
  /** The device the person picked, which alone may carry the upgrade. */
  device: string;
  /**
   * `upgrade`: MEDIUM → HIGH; `renewal`: a HIGH identity's device gets a new signing key (it had none
   * usable). The same steps; the wallet words them as "renew signing key". Absent from older servers: an upgrade.
   */
  purpose?: 'upgrade' | 'renewal';
  /** Where one-time codes go: the phone on record in the civil registry, masked. */
  phone_on_record?: string;
  attempts_left?: number;
  /** At the terms step: the terms to accept, in both languages, and their version. */
  terms?: { version: string; ar: string; en: string };
  message?: Bilingual;
}

/**
 * POST /identity/upgrades/current/signing-key: a PKCS#10 request for a NEW key made on the device
 * (never its device key), and the proof of the PIN, which the server checks and counts.
 */
export interface SigningKeyRequest {
  csr: string;
  pin_proof: string;
}

/** The answer to the last step: the identity is HIGH and the device holds a qualified signing certificate. */
export interface UpgradeResult extends UpgradeState {
  step: 'done';
  civil_number: string;
  assurance: 'high';
  /** PEM of the qualified signing certificate, then its chain up to the root. */
  certificate: string;
  chain: string[];
  /** The serial number (hex) of the signing certificate. */
  certificate_serial: string;
}
