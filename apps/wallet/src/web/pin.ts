import {
  answerSigningBytes,
  decodeChallenge,
  pinRefusal,
  PIN_LENGTH,
  PIN_REFUSAL_MESSAGES,
  DEVICE_PROTOCOL_VERSION,
  type DeviceChallenge,
  type EnrolmentState,
  type PinResetResult,
  type UnsignedDeviceAnswer,
} from '@theqa/device-protocol';
import { postJson, ProblemError } from './api';
import { DICTIONARY, type TextKey } from './i18n';
import { deviceSignature, loadWallet, pinProof, replaceDeviceKey, type StoredWallet } from './key-store';

/**
 * The web wallet's PIN (the CLI's `pin change` and `pin reset`, src/cli/pin-commands.ts).
 *
 * Change: a `pin-change` challenge, answered with the proofs of the old and the new PIN and signed by
 * the device key; the platform checks the old one (counting a wrong one toward the block) and keeps
 * the new. Nothing in this browser depends on the PIN (the device key is a non-extractable CryptoKey,
 * not sealed under it), so nothing here changes, as the CLI's folder does not.
 *
 * Reset, for a forgotten or blocked PIN: face match, the code sent to the phone on record, then the new
 * PIN with a CSR of a new device key, as the CLI does: the device gets a new certificate, the old one
 * is revoked (superseded), and the block is lifted. No unseal key goes with it: this wallet seals
 * nothing. The signing key, a key of its own certified by the Citizen Signing CA, stays.
 *
 * Only PIN proofs leave the page (pinProof: SHA-256 of the civil number and the PIN); the PIN is kept
 * nowhere.
 */
export interface PinState {
  pin: 'active' | 'blocked';
  failures: number;
}

/** A PIN reset under way: the journey token, and what the server said about the step. */
export interface PinResetJourney {
  token: string;
  state: EnrolmentState;
}

function refusal(code: string, key: TextKey): ProblemError {
  return new ProblemError({ status: 0, code, titles: DICTIONARY[key] });
}

async function deviceWallet(): Promise<StoredWallet> {
  const wallet = await loadWallet();
  if (!wallet) throw refusal('wallet-missing', 'pin.register-first');
  return wallet;
}

/** The format is no secret: a PIN that cannot be right is not worth one of the three attempts (the CLI's unsealingSecret). */
export function assertPinFormat(pin: string): void {
  if (!new RegExp(`^[0-9]{${PIN_LENGTH}}$`).test(pin)) throw refusal('pin-format', 'pin.format');
}

/** The rules the CLI applies to a new PIN (pinRefusal: the civil number and the phone typed at registration), then the two entries. */
export function assertNewPin(wallet: Pick<StoredWallet, 'civil_number' | 'phone'>, pin: string, again: string): void {
  const refused = pinRefusal(pin, { civilNumber: wallet.civil_number, phoneNumber: wallet.phone || undefined });
  if (refused) throw new ProblemError({ status: 0, code: refused, titles: PIN_REFUSAL_MESSAGES[refused] });
  if (pin !== again) throw refusal('pin-mismatch', 'pin.mismatch');
}

interface ExchangeOutcome {
  identity: { pin: 'active' | 'blocked'; pin_failures: number };
}

/** One exchange with the platform (the CLI's device-session.ts): a challenge for this device, signed by its key, answered. */
async function exchange(wallet: StoredWallet, purpose: 'device-status' | 'pin-change', proofs: { pin_proof?: string; new_pin_proof?: string } = {}): Promise<ExchangeOutcome> {
  const serial = wallet.device.serial;
  const { payload } = await postJson<{ payload: string }>(`/devices/${encodeURIComponent(serial)}/challenges`, { purpose });
  let challenge: DeviceChallenge;
  try {
    challenge = decodeChallenge(payload);
  } catch {
    throw refusal('protocol-mismatch', 'pin.protocol');
  }
  if (challenge.purpose !== purpose || challenge.device !== serial) throw refusal('protocol-mismatch', 'pin.protocol');
  const unsigned: UnsignedDeviceAnswer = { v: DEVICE_PROTOCOL_VERSION, challenge: payload, device: serial, decision: 'approve', ...proofs };
  const signature = await deviceSignature(wallet.privateKey, answerSigningBytes(unsigned));
  return postJson<ExchangeOutcome>('/devices/answers', { ...unsigned, signature });
}

/** Whether the identity's PIN is blocked, and the wrong entries in a row so far (a signed `device-status`: no PIN needed). */
export async function readPinState(): Promise<PinState> {
  const { identity } = await exchange(await deviceWallet(), 'device-status');
  return { pin: identity.pin === 'blocked' ? 'blocked' : 'active', failures: identity.pin_failures };
}

/** Changes the PIN: the old one checked (and counted) by the platform, the new one stored there. */
export async function changePin(oldPin: string, newPin: string, again: string): Promise<PinState> {
  const wallet = await deviceWallet();
  assertPinFormat(oldPin);
  assertNewPin(wallet, newPin, again);
  const { identity } = await exchange(wallet, 'pin-change', { pin_proof: await pinProof(wallet.civil_number, oldPin), new_pin_proof: await pinProof(wallet.civil_number, newPin) });
  return { pin: identity.pin === 'blocked' ? 'blocked' : 'active', failures: identity.pin_failures };
}

/** Starts a reset for this browser's device; the platform answers with the first step (face). */
export async function startPinReset(): Promise<PinResetJourney> {
  const wallet = await deviceWallet();
  const state = await postJson<EnrolmentState>('/enrolment/pin-reset', { civil_number: wallet.civil_number, device: wallet.device.serial });
  if (!state.journey_token) throw new ProblemError({ status: 0, code: 'unexpected', title: 'the platform answered without a journey token' });
  return { token: state.journey_token, state };
}

/** One of the middle steps (face, otp, otp/resend): the server answers with the next. */
export async function pinResetStep(journey: PinResetJourney, step: 'face' | 'otp' | 'otp/resend', body?: unknown): Promise<PinResetJourney> {
  const state = await postJson<EnrolmentState>(`/enrolment/pin-reset/current/${step}`, body, journey.token);
  // The resend's answer may leave out the masked phone: keep what the server said before.
  return { token: journey.token, state: { ...journey.state, ...state } };
}

/**
 * The last step: the new PIN's proof with the CSR of a new device key made here (key-store
 * replaceDeviceKey: non-extractable); the new key and certificate replace the old in IndexedDB.
 */
export async function finishPinReset(journey: PinResetJourney, newPin: string, again: string): Promise<StoredWallet> {
  const wallet = await deviceWallet();
  assertNewPin(wallet, newPin, again);
  const proof = await pinProof(wallet.civil_number, newPin);
  return replaceDeviceKey(async ({ csr }) => {
    const result = await postJson<PinResetResult>('/enrolment/pin-reset/current/pin', { pin_proof: proof, csr }, journey.token);
    if (!result.certificate || !result.chain) throw new ProblemError({ status: 0, code: 'unexpected', title: 'the platform answered without the new certificate' });
    return { certificate: result.certificate, chain: result.chain };
  });
}
