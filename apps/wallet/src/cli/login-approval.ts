import { sign, type KeyObject } from 'node:crypto';
import {
  decodeChallenge,
  decodeQrPayload,
  loginScanSigningBytes,
  toBase64url,
  DEVICE_PROTOCOL_VERSION,
  ProtocolFormatError,
  type DeviceChallenge,
  type LoginContext,
} from '@theqa/device-protocol';
import type { Bilingual } from '@theqa/kernel';
import { answerChallenge, pinProof } from './device-key';
import { readNotifications } from './notifications';
import type { PlatformClient } from './platform-client';
import { openDeviceKey } from './unsealing';
import type { WalletState } from './wallet-home';
import { WalletError } from './wallet-error';

export interface LoginApprovalOptions {
  /** The text of the QR code on the login page… */
  qr?: string;
  /** …or the newest login request pushed to this device, waiting up to this many seconds for it. */
  pendingWaitSeconds?: number;
  /** The verification code the person picks (browser logins). */
  code?: string;
  pin: string;
  deny?: boolean;
  /** Shows the request (relying party, data, purpose, codes) before answering, as the phone would. */
  show?: (login: LoginContext, challenge: DeviceChallenge) => void;
}

export interface LoginApprovalResult {
  status: 'approved' | 'denied';
  denial?: string;
  request: string;
  relying_party: Bilingual;
  claims: string[];
}

/**
 * Approves (or denies) a login at a relying party: the request comes from a QR code (the wallet
 * claims it with a signed scan) or from the push channel; the person checks who asks and for what,
 * picks the number the browser shows, and the PIN, checked by the server, opens the key that signs the answer.
 */
export async function approveLogin(client: PlatformClient, wallet: WalletState, options: LoginApprovalOptions): Promise<LoginApprovalResult> {
  const privateKey: KeyObject = await openDeviceKey(client, wallet, options.pin);
  const payload = options.qr !== undefined ? await scanQr(client, wallet, privateKey, options.qr) : await pendingLogin(client, wallet, privateKey, options.pendingWaitSeconds ?? 0);
  const challenge = decodeChallenge(payload);
  if (challenge.purpose !== 'login' || !challenge.login) throw new WalletError('this is not a login request', 'not-a-login');
  options.show?.(challenge.login, challenge);
  if (challenge.login.codes && !options.deny) {
    if (!options.code) throw new WalletError(`pick the number the browser shows: one of ${challenge.login.codes.join(', ')} (--code)`, 'code-missing', { codes: challenge.login.codes });
    if (!challenge.login.codes.includes(options.code)) throw new WalletError(`${options.code} is not one of the numbers shown (${challenge.login.codes.join(', ')})`, 'code-not-shown', { codes: challenge.login.codes });
  }
  const { answer } = answerChallenge({
    payload,
    deviceSerial: wallet.device.serial,
    privateKey,
    decision: options.deny ? 'deny' : 'approve',
    pinProof: options.deny ? undefined : pinProof(wallet.civil_number, options.pin),
    code: options.deny ? undefined : options.code,
  });
  const result = await client.post<{ status: 'approved' | 'denied'; denial?: string; request: string }>('/devices/logins/answers', answer);
  return { ...result, relying_party: challenge.login.relying_party, claims: challenge.login.claims.map((c) => c.claim) };
}

/** The QR code names its server: the wallet follows it only to the platform it is registered with. */
async function scanQr(client: PlatformClient, wallet: WalletState, privateKey: KeyObject, text: string): Promise<string> {
  let qr;
  try {
    qr = decodeQrPayload(text.trim());
  } catch (error) {
    if (error instanceof ProtocolFormatError) throw new WalletError(`this is not a Theqa login code: ${error.message}`, 'qr-invalid');
    throw error;
  }
  if (qr.kind !== 'login') throw new WalletError('this QR code is not a login request', 'qr-invalid');
  if (new URL(wallet.server).origin !== qr.server) throw new WalletError(`this QR code is for ${qr.server}, not the platform this wallet is registered with (${new URL(wallet.server).origin})`, 'qr-foreign-server');
  if (new Date(qr.expires_at) <= new Date()) throw new WalletError('this QR code has expired: scan the new one on the page', 'login-expired');
  const unsigned = { v: DEVICE_PROTOCOL_VERSION, request: qr.request, device: wallet.device.serial } as const;
  const signature = toBase64url(sign('sha256', loginScanSigningBytes(unsigned), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const { payload } = await client.post<{ payload: string }>('/devices/logins/scan', { ...unsigned, signature });
  return payload;
}

/** The newest login request in this device's notifications that has not expired. */
async function pendingLogin(client: PlatformClient, wallet: WalletState, privateKey: KeyObject, waitSeconds: number): Promise<string> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const left = Math.max(0, Math.min(25, Math.ceil((deadline - Date.now()) / 1000)));
    const notifications = await readNotifications(client, wallet, privateKey);
    const logins = notifications.filter((n) => n.payload.type === 'login-request' && typeof n.payload.data?.challenge === 'string');
    for (const login of logins.reverse()) {
      const payload = String(login.payload.data?.challenge);
      if (new Date(decodeChallenge(payload).expires_at) > new Date()) return payload;
    }
    if (left === 0) throw new WalletError('no pending login request for this device', 'no-pending-login');
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, left * 1000)));
  }
}
