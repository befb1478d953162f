import { createPublicKey, verify } from 'node:crypto';
import { deviceReadSigningBytes, fromBase64url, DEVICE_PROTOCOL_VERSION, DEVICE_READ_WINDOW_SECONDS } from '@theqa/device-protocol';
import { IdentityError } from '../identity-error';
import type { DeviceRecord, IdentityStore } from '../ports';

/**
 * Checks that a notifications read comes from the device itself: an active device, a signature by its
 * key over (device, after, at), and `at` within two minutes of now.
 */
export async function authorizeDeviceRead(identities: IdentityStore, read: { device: string; after: string; at?: unknown; signature?: unknown }, now = new Date()): Promise<DeviceRecord> {
  const refuse = (why: string) => new IdentityError('device-signature-invalid', why);
  if (typeof read.at !== 'string' || typeof read.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(read.signature)) {
    throw refuse('sign the read: at (ISO time) and signature (the device key over the device, after and at)');
  }
  const at = Date.parse(read.at);
  if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > DEVICE_READ_WINDOW_SECONDS * 1000) throw refuse('the signed time is missing or more than two minutes off: check the device clock');
  const device = await identities.device(read.device);
  if (!device) throw new IdentityError('device-unknown', 'no device with this serial number');
  if (device.status !== 'active') throw new IdentityError('device-revoked', 'this device has been removed from the identity');
  const key = createPublicKey({ key: device.publicKeySpki, format: 'der', type: 'spki' });
  const bytes = deviceReadSigningBytes({ v: DEVICE_PROTOCOL_VERSION, device: read.device, after: read.after, at: read.at });
  if (!verify('sha256', bytes, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(fromBase64url(read.signature)))) throw refuse("the signature does not verify with the device's key");
  return device;
}
