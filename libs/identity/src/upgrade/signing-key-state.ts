import type { DeviceRecord, SigningCertificates, UpgradeStore } from '../ports';

/**
 * Whether a device can sign with the signing key the platform records for it: `usable` (its qualified
 * certificate good now), `missing` (none recorded: never upgraded on this device, or dropped at a PIN
 * reset) or `unusable` (its certificate revoked, expired or unknown to the CA). Only a device whose key
 * is not usable is offered the renewal.
 */
export type SigningKeyState = 'usable' | 'missing' | 'unusable';

/** An active device of the person with the state of its signing key, as the portal offers the renewal. */
export interface DeviceSigningKeyState {
  device: DeviceRecord;
  signingKey: SigningKeyState;
}

export async function signingKeyState(serial: string, deps: { upgrades: Pick<UpgradeStore, 'signingKeyOf'>; signingCertificates: Pick<SigningCertificates, 'status'> }, now: Date): Promise<SigningKeyState> {
  const key = await deps.upgrades.signingKeyOf(serial);
  if (!key) return 'missing';
  return (await deps.signingCertificates.status(key.certificateSerial, now)) === 'good' ? 'usable' : 'unusable';
}
