import type { KeyObject } from 'node:crypto';
import type { DeviceChallenge } from '@theqa/device-protocol';
import { answerChallenge, pinProof } from './device-key';
import type { PlatformClient } from './platform-client';
import type { WalletState } from './wallet-home';

export interface AnswerOutcome {
  purpose: string;
  decision: string;
  device: string;
  identity: { civil_number: string; assurance: string; status: string; pin: string; pin_failures: number };
  devices?: Array<{ serial: string; platform: string; name: string; status: string; certificate: string; added_at: string }>;
  activity?: Array<{ at: string; event: string; device?: string }>;
}

/** One exchange with the server, the device key already opened (unsealing.ts): ask for a challenge, sign it, answer. */
export async function exchange(
  client: PlatformClient,
  wallet: WalletState,
  privateKey: KeyObject,
  options: { purpose: 'device-status' } | { purpose: 'pin-check'; pin: string } | { purpose: 'pin-change'; pin: string; newPin: string },
  show?: (challenge: DeviceChallenge) => void,
): Promise<AnswerOutcome> {
  const { payload } = await client.post<{ payload: string }>(`/devices/${encodeURIComponent(wallet.device.serial)}/challenges`, { purpose: options.purpose });
  const { challenge, answer } = answerChallenge({
    payload,
    deviceSerial: wallet.device.serial,
    privateKey,
    decision: 'approve',
    pinProof: options.purpose === 'device-status' ? undefined : pinProof(wallet.civil_number, options.pin),
    newPinProof: options.purpose === 'pin-change' ? pinProof(wallet.civil_number, options.newPin) : undefined,
  });
  show?.(challenge);
  return client.post<AnswerOutcome>('/devices/answers', answer);
}
