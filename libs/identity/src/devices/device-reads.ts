import { createPublicKey, verify } from 'node:crypto';
import { deviceReadSigningBytes, fromBase64url, DEVICE_PROTOCOL_VERSION, DEVICE_READ_WINDOW_SECONDS } from '@theqa/device-protocol';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityStore } from '../ports';
import { deviceBySignature, deviceRemoved } from './device-signature';

/**
 * Checks that a notifications read comes from the device itself: a signature by its key over (device,
 * after, at), `at` within two minutes of now, and the device still active.
 */
export async function authorizeDeviceRead(identities: IdentityStore, read: { device: string; after: string; at?: unknown; signature?: unknown }, now = new Date()): Promise<DeviceRecord> {
  const refuse = (why: string) => new IdentityError('device-signature-invalid', why);
  if (typeof read.at !== 'string' || typeof read.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(read.signature)) {
    throw refuse('sign the read: at (ISO time) and signature (the device key over the device, after and at)');
  }
  const at = Date.parse(read.at);
  if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > DEVICE_READ_WINDOW_SECONDS * 1000) throw refuse('the signed time is missing or more than two minutes off: check the device clock');
  const bytes = deviceReadSigningBytes({ v: DEVICE_PROTOCOL_VERSION, device: read.device, after: read.after, at: read.at });
  const signature = Buffer.from(fromBase64url(read.signature));
  // An unknown serial is refused as a wrong signature is; only the device itself hears it was removed.
  const device = await deviceBySignature(identities, read.device, (d) => verify('sha256', bytes, { key: createPublicKey({ key: d.publicKeySpki, format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' }, signature));
  if (!device) throw refuse("the signature does not verify with the device's key");
  if (device.status !== 'active') throw deviceRemoved();
  return device;
}
