import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityStore } from '../ports';

/**
 * The registered device (active or removed) whose key `verifies` a signature, or undefined. A serial
 * nobody registered and a signature that does not verify come to the same undefined, which callers
 * answer with one refusal: so an answer, a notifications read or a QR scan tells a stranger nothing of
 * which serials exist. Whether the device was removed is for the caller to say, and then only to the
 * device itself, whose signature has just verified (`deviceRemoved`).
 */
export async function deviceBySignature(identities: IdentityStore, serial: string, verifies: (device: DeviceRecord) => boolean): Promise<DeviceRecord | undefined> {
  const device = await identities.device(serial);
  return device && verifies(device) ? device : undefined;
}

export function deviceRemoved(): IdentityError {
  return new IdentityError('device-revoked', 'this device has been removed from the identity');
}
