import { deviceReadQuery, deviceReadSigningBytes, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import { deviceSignature, loadWallet } from './key-store';

/** The path of a notifications read signed by this browser's device key (only the device may read them). */
export async function signedNotificationsPath(serial: string, after: string, wait: number): Promise<string> {
  const wallet = await loadWallet();
  if (!wallet || wallet.device.serial !== serial) throw new Error('this browser holds no wallet for that device');
  const read = { v: DEVICE_PROTOCOL_VERSION, device: serial, after, at: new Date().toISOString() } as const;
  const signature = await deviceSignature(wallet.privateKey, deviceReadSigningBytes(read));
  return `/devices/${encodeURIComponent(serial)}/notifications?${deviceReadQuery(read, signature, wait)}`;
}
