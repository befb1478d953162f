import { canonicalJson } from '@theqa/kernel';
import { ProtocolFormatError, utf8 } from './base64url';
import { isDeviceSerial } from './device-serial';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * The wallet's claim on a login request it read from a QR code. Signed by the device key, so a
 * request can only be claimed by a registered device, for itself: whoever photographs a QR code
 * cannot push someone else's device into the login. Replaying a scan gains nothing, because a
 * request is claimed once.
 */
export interface LoginScan {
  v: typeof DEVICE_PROTOCOL_VERSION;
  /** The request id from the QR payload. */
  request: string;
  device: string;
  /** ECDSA P-256 / SHA-256 over loginScanSigningBytes, IEEE P1363, base64url. */
  signature: string;
}

const DOMAIN = 'theqa-device/1 login-scan\n';

export function loginScanSigningBytes(scan: Omit<LoginScan, 'signature'>): Uint8Array {
  return utf8(DOMAIN + canonicalJson({ v: scan.v, request: scan.request, device: scan.device }));
}

export function readLoginScan(value: unknown): LoginScan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolFormatError('the scan must be an object');
  const s = value as LoginScan;
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
