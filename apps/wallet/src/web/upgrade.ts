import { decodeQrPayload, upgradeScanSigningBytes, DEVICE_PROTOCOL_VERSION, type QrPayload, type UpgradeResult, type UpgradeState } from '@theqa/device-protocol';
import { getJson, postJson, ProblemError } from './api';
import { DICTIONARY, type TextKey } from './i18n';
import { addSigningKey, deviceSignature, loadWallet, pinProof, type StoredSigningKey, type StoredWallet } from './key-store';

/**
 * The web wallet's side of the upgrade to HIGH (the CLI's `wallet upgrade`, src/cli/upgrade.ts): the
 * person picks this browser's device in the self-service portal, pastes the QR code's text here (or
 * follows the portal's "open it here" link, /wallet/?upgrade=…), and the wallet claims the upgrade
 * with a scan signed by its non-extractable device key. Then face, SMS code and terms, each answered
 * by the server with the next step, and a signing key made in this browser, apart from the device
 * key, whose CSR goes with the PIN's proof; the key and its qualified certificate stay in IndexedDB.
 */
export interface UpgradeJourney {
  token: string;
  state: UpgradeState;
}

function refusal(code: string, key: TextKey): ProblemError {
  return new ProblemError({ status: 0, code, titles: DICTIONARY[key] });
}

async function deviceWallet(): Promise<StoredWallet> {
  const wallet = await loadWallet();
  if (!wallet) throw refusal('wallet-missing', 'upgrade.register-first');
  return wallet;
}

/** The QR code's text, or the portal's link that carries it as `?upgrade=`; only for the platform this wallet is registered with. */
export function readUpgradeQr(text: string, origin: string, now = new Date()): QrPayload {
  let value = text.trim();
  if (!value) throw refusal('qr-empty', 'scan.empty');
  if (/^https?:\/\//i.test(value)) {
    try {
      value = new URL(value).searchParams.get('upgrade') ?? value;
    } catch {
      // not a link after all: decoded (and refused) below
    }
  }
  let qr: QrPayload;
  try {
    qr = decodeQrPayload(value);
  } catch {
    throw refusal('qr-invalid', 'upgrade.qr-invalid');
  }
  if (qr.kind !== 'upgrade') throw refusal('qr-not-upgrade', 'upgrade.qr-not-upgrade');
  if (qr.server !== origin) throw refusal('qr-foreign-server', 'scan.foreign-server');
  if (new Date(qr.expires_at) <= now) throw refusal('upgrade-code-expired', 'upgrade.qr-expired');
  return qr;
}

/** Claims the upgrade for this device: the scan signed by the device key earns the journey token. */
export async function claimUpgrade(text: string, origin: string): Promise<UpgradeJourney> {
  const qr = readUpgradeQr(text, origin);
  const wallet = await deviceWallet();
  const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: qr.request, device: wallet.device.serial } as const;
  const signature = await deviceSignature(wallet.privateKey, upgradeScanSigningBytes(unsigned));
  const state = await postJson<UpgradeState>('/identity/upgrades/claim', { ...unsigned, signature });
  if (!state.journey_token) throw new ProblemError({ status: 0, code: 'unexpected', title: 'the platform answered without a journey token' });
  return { token: state.journey_token, state };
}

/** Where an upgrade this browser took up stands (after a reload). */
export async function currentUpgrade(token: string): Promise<UpgradeJourney> {
  return { token, state: await getJson<UpgradeState>('/identity/upgrades/current', token) };
}

/** One of the middle steps (face, otp, otp/resend, terms): the server answers with the next. */
export async function upgradeStep(journey: UpgradeJourney, step: 'face' | 'otp' | 'otp/resend' | 'terms', body?: unknown): Promise<UpgradeJourney> {
  return { token: journey.token, state: await postJson<UpgradeState>(`/identity/upgrades/current/${step}`, body, journey.token) };
}

/**
 * The last step: a new key made here (key-store addSigningKey: non-extractable, never the device key)
 * whose CSR, with the PIN's proof, the server checks before the Citizen Signing CA certifies it.
 */
export async function createSigningKey(journey: UpgradeJourney, pin: string): Promise<{ result: UpgradeResult; signing: StoredSigningKey }> {
  const wallet = await deviceWallet();
  const proof = await pinProof(wallet.civil_number, pin);
  let result: UpgradeResult | undefined;
  const signing = await addSigningKey(async ({ csr }) => {
    result = await postJson<UpgradeResult>('/identity/upgrades/current/signing-key', { csr, pin_proof: proof }, journey.token);
    return { certificate: result.certificate, chain: result.chain };
  });
  if (!result) throw new ProblemError({ status: 0, code: 'unexpected', title: 'the platform answered without the certificate' });
  return { result, signing };
}
