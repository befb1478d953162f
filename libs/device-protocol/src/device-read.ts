import { canonicalJson } from '@theqa/kernel';
import { utf8 } from './base64url';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * A device reading its own notifications proves it is that device: it signs which device, from which
 * notification on, and when. The notifications carry login requests (who asks, for which data, the
 * verification codes), which nobody else may read. A replay within the time window only reads the
 * same notifications again.
 */
export interface DeviceRead {
  v: typeof DEVICE_PROTOCOL_VERSION;
  device: string;
  /** Notifications after this id (a whole number, as text). */
  after: string;
  /** When the device signed, ISO 8601 UTC; the server accepts two minutes either way. */
  at: string;
}

const DOMAIN = 'theqa-device/1 notifications\n';
export const DEVICE_READ_WINDOW_SECONDS = 120;

export function deviceReadSigningBytes(read: DeviceRead): Uint8Array {
  return utf8(DOMAIN + canonicalJson({ v: read.v, device: read.device, after: read.after, at: read.at }));
}

/** The query string of a signed read: `after`, `at` and `signature` (base64url P1363). */
export function deviceReadQuery(read: DeviceRead, signature: string, wait = 0): string {
  return `after=${encodeURIComponent(read.after)}&wait=${wait}&at=${encodeURIComponent(read.at)}&signature=${encodeURIComponent(signature)}`;
}
