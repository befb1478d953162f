import { canonicalJson } from '@theqa/kernel';
import { ProtocolFormatError, utf8 } from './base64url';
import { isDeviceSerial } from './device-serial';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * The wallet's claim on an upgrade to HIGH that the portal shows as a QR code (`kind: upgrade`).
 * Signed by the device key of the device the person picked in the portal, so that only that device
 * can take the upgrade up: whoever photographs the code cannot. A code is claimed once; the claim
 * earns the journey token the following steps carry.
 */
export interface UpgradeScan {
  v: typeof DEVICE_PROTOCOL_VERSION;
  /** The request id from the QR payload. */
  request: string;
  device: string;
  /** ECDSA P-256 / SHA-256 over upgradeScanSigningBytes, IEEE P1363, base64url. */
  signature: string;
}

// Another domain than a login scan's: a signature for the one never passes for the other.
const DOMAIN = 'theqa-device/1 upgrade-scan\n';

export function upgradeScanSigningBytes(scan: Omit<UpgradeScan, 'signature'>): Uint8Array {
  return utf8(DOMAIN + canonicalJson({ v: scan.v, request: scan.request, device: scan.device }));
}

export function readUpgradeScan(value: unknown): UpgradeScan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolFormatError('the scan must be an object');
  const s = value as UpgradeScan;
  const problems: string[] = [];
  if (s.v !== DEVICE_PROTOCOL_VERSION) problems.push(`v must be ${DEVICE_PROTOCOL_VERSION}`);
  if (typeof s.request !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(s.request)) problems.push('request');
  if (!isDeviceSerial(s.device)) problems.push('device');
  if (typeof s.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(s.signature)) problems.push('signature');
  const extra = Object.keys(s).filter((k) => !['v', 'request', 'device', 'signature'].includes(k));
  if (extra.length) problems.push(`unexpected fields ${extra.join(', ')}`);
  if (problems.length) throw new ProtocolFormatError(`invalid scan: ${problems.join('; ')}`);
  return s;
}
