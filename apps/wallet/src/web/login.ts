import {
  answerSigningBytes,
  decodeChallenge,
  decodeQrPayload,
  loginScanSigningBytes,
  DEVICE_PROTOCOL_VERSION,
  type DeviceChallenge,
  type LoginContext,
  type QrPayload,
  type UnsignedDeviceAnswer,
} from '@theqa/device-protocol';
import { postJson, ProblemError } from './api';
import { DICTIONARY, type TextKey } from './i18n';
import { deviceSignature, loadWallet, pinProof, type StoredWallet } from './key-store';

/**
 * The web wallet's side of a login at a relying party (the CLI's `approve`, src/cli/login-approval.ts):
 * a login request reaches the wallet from the QR code of the login page (the wallet claims it with a
 * scan signed by its device key) or from the push channel (a `login-request` notification carrying
 * the challenge); the person checks who asks and for what, picks the number the browser shows, and
 * the answer — the decision, the PIN proof and the number — is signed by the non-extractable key.
 */
export interface LoginApproval {
  /** The challenge exactly as the server sent it: the answer signs these bytes. */
  payload: string;
  challenge: DeviceChallenge;
  login: LoginContext;
  via: 'qr' | 'push';
}

export interface LoginOutcome {
  status: 'approved' | 'denied';
  denial?: string;
  request: string;
}

/** A refusal made here, before anything is sent, with its text in both languages. */
function refusal(code: string, key: TextKey): ProblemError {
  return new ProblemError({ status: 0, code, titles: DICTIONARY[key] });
}

async function deviceWallet(): Promise<StoredWallet> {
  const wallet = await loadWallet();
  if (!wallet) throw refusal('wallet-missing', 'login.register-first');
  return wallet;
}

/**
 * The QR code's text (`theqa:` + base64url JSON), or the login page's "open it here" link that carries
 * it as `?login=`. The wallet follows a code only to the platform it is registered with: its own origin.
 */
export function readLoginQr(text: string, origin: string, now = new Date()): QrPayload {
  let value = text.trim();
  if (!value) throw refusal('qr-empty', 'scan.empty');
  if (/^https?:\/\//i.test(value)) {
    try {
      value = new URL(value).searchParams.get('login') ?? value;
    } catch {
      // not a link after all: decoded (and refused) below
    }
  }
  let qr: QrPayload;
  try {
    qr = decodeQrPayload(value);
  } catch {
    throw refusal('qr-invalid', 'scan.invalid');
  }
  if (qr.kind !== 'login') throw refusal('qr-not-login', 'scan.not-login');
  if (qr.server !== origin) throw refusal('qr-foreign-server', 'scan.foreign-server');
  if (new Date(qr.expires_at) <= now) throw refusal('login-expired', 'scan.expired');
  return qr;
}

/** Claims the QR code's request for this device (a signed scan); the server answers with the login challenge. */
export async function scanLogin(text: string, origin: string): Promise<LoginApproval> {
  const qr = readLoginQr(text, origin);
  const wallet = await deviceWallet();
  const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: qr.request, device: wallet.device.serial } as const;
  const signature = await deviceSignature(wallet.privateKey, loginScanSigningBytes(unsigned));
  const { payload } = await postJson<{ payload: string }>('/devices/logins/scan', { ...unsigned, signature });
  return loginFromChallenge(payload, 'qr', wallet.device.serial);
}

/** Decodes a login challenge (refusing anything malformed, not a login, or for another device). */
export function loginFromChallenge(payload: string, via: LoginApproval['via'], serial: string): LoginApproval {
  let challenge: DeviceChallenge;
  try {
    challenge = decodeChallenge(payload);
  } catch {
    throw refusal('not-a-login', 'login.not-login');
  }
  if (challenge.purpose !== 'login' || !challenge.login || challenge.device !== serial) throw refusal('not-a-login', 'login.not-login');
  return { payload, challenge, login: challenge.login, via };
}

export function loginExpired(approval: LoginApproval, now = new Date()): boolean {
  return new Date(approval.challenge.expires_at) <= now;
}

/**
 * The signed answer. Approving sends the PIN proof and (browser logins) the number picked; a wrong
 * number, a wrong PIN or a denial ends the login on the server, whatever the wallet does next.
 */
export async function answerLogin(approval: LoginApproval, decision: 'approve' | 'deny', pin?: string, code?: string): Promise<LoginOutcome> {
  if (loginExpired(approval)) throw refusal('login-expired', 'login.expired');
  const wallet = await deviceWallet();
  if (approval.challenge.device !== wallet.device.serial) throw refusal('not-a-login', 'login.not-login');
  const approve = decision === 'approve';
  const unsigned: UnsignedDeviceAnswer = {
    v: DEVICE_PROTOCOL_VERSION,
    challenge: approval.payload,
    device: wallet.device.serial,
    decision,
    ...(approve && pin !== undefined ? { pin_proof: await pinProof(wallet.civil_number, pin) } : {}),
    ...(approve && code !== undefined ? { code } : {}),
  };
  const signature = await deviceSignature(wallet.privateKey, answerSigningBytes(unsigned));
  return postJson<LoginOutcome>('/devices/logins/answers', { ...unsigned, signature });
}
