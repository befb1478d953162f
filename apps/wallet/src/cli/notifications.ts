import { sign, type KeyObject } from 'node:crypto';
import { deviceReadQuery, deviceReadSigningBytes, toBase64url, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';
import type { Bilingual } from '@theqa/kernel';
import type { PlatformClient } from './platform-client';
import type { WalletState } from './wallet-home';

export interface Notification {
  id: string;
  sentAt: string;
  payload: { type: string; alert?: Bilingual; data?: Record<string, unknown> };
}

/** This device's notifications after `after`, read with a signature of its key (nobody else may read them). */
export async function readNotifications(client: PlatformClient, wallet: WalletState, privateKey: KeyObject, after = '0', wait = 0): Promise<Notification[]> {
  const read = { v: DEVICE_PROTOCOL_VERSION, device: wallet.device.serial, after, at: new Date().toISOString() } as const;
  const signature = toBase64url(sign('sha256', deviceReadSigningBytes(read), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const { notifications } = await client.get<{ notifications: Notification[] }>(`/devices/${encodeURIComponent(wallet.device.serial)}/notifications?${deviceReadQuery(read, signature, wait)}`);
  return notifications;
}
