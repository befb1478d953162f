import type { KeyObject } from 'node:crypto';
import type { DeviceChallenge } from '@theqa/device-protocol';
import { answerChallenge, pinProof, privateKeyFrom } from './device-key';
import type { PlatformClient } from './platform-client';
import { openKey } from './sealed-key';
import type { WalletState } from './wallet-home';

export interface AnswerOutcome {
  purpose: string;
  decision: string;
  device: string;
  identity: { civil_number: string; assurance: string; status: string; pin: string; pin_failures: number };
  devices?: Array<{ serial: string; platform: string; name: string; status: string; certificate: string; added_at: string }>;
  activity?: Array<{ at: string; event: string; device?: string }>;
}

/** One exchange with the server: ask for a challenge, open the key with the PIN, sign, answer. */
export async function exchange(
  client: PlatformClient,
  wallet: WalletState,
  options: { purpose: 'device-status' | 'pin-check' | 'pin-change'; pin: string; newPin?: string; show?: (challenge: DeviceChallenge) => void },
): Promise<AnswerOutcome> {
  const privateKey: KeyObject = privateKeyFrom(await openKey(wallet.key, options.pin, wallet.device.serial));
  const { payload } = await client.post<{ payload: string }>(`/devices/${encodeURIComponent(wallet.device.serial)}/challenges`, { purpose: options.purpose });
  const { challenge, answer } = answerChallenge({
    payload,
    deviceSerial: wallet.device.serial,
    privateKey,
    decision: 'approve',
    pinProof: options.purpose === 'device-status' ? undefined : pinProof(wallet.civil_number, options.pin),
    newPinProof: options.newPin ? pinProof(wallet.civil_number, options.newPin) : undefined,
  });
  options.show?.(challenge);
  return client.post<AnswerOutcome>('/devices/answers', answer);
}
