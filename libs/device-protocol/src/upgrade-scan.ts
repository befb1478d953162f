import { readDeviceScan, scanSigningBytes, type DeviceScan } from './device-scan';

/**
 * The wallet's claim on an upgrade to HIGH that the portal shows as a QR code (`kind: upgrade`).
 * Signed by the device key of the device the person picked in the portal, so that only that device
 * can take the upgrade up: whoever photographs the code cannot. A code is claimed once; the claim
 * earns the journey token the following steps carry.
 */
export type UpgradeScan = DeviceScan;

// Another domain than a login scan's: a signature for the one never passes for the other.
const DOMAIN = 'theqa-device/1 upgrade-scan\n';

export function upgradeScanSigningBytes(scan: Omit<UpgradeScan, 'signature'>): Uint8Array {
  return scanSigningBytes(DOMAIN, scan);
}

export const readUpgradeScan: (value: unknown) => UpgradeScan = readDeviceScan;
