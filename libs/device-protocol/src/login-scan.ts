import { readDeviceScan, scanSigningBytes, type DeviceScan } from './device-scan';

/**
 * The wallet's claim on a login request it read from a QR code. Signed by the device key, so a
 * request can only be claimed by a registered device, for itself: whoever photographs a QR code
 * cannot push someone else's device into the login. Replaying a scan gains nothing, because a
 * request is claimed once.
 */
export type LoginScan = DeviceScan;

const DOMAIN = 'theqa-device/1 login-scan\n';

export function loginScanSigningBytes(scan: Omit<LoginScan, 'signature'>): Uint8Array {
  return scanSigningBytes(DOMAIN, scan);
}

export const readLoginScan: (value: unknown) => LoginScan = readDeviceScan;
