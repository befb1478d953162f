import { canonicalJson } from '@theqa/kernel';
import { ProtocolFormatError, utf8 } from './base64url';
import { isDeviceSerial } from './device-serial';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * A wallet's claim on a request it read from a QR code, signed by its device key: the request id,
 * the device, the signature. Each kind of request signs under a domain of its own (login-scan.ts,
 * upgrade-scan.ts), so that a signature for one never passes for another.
 */
export interface DeviceScan {
  v: typeof DEVICE_PROTOCOL_VERSION;
  /** The request id from the QR payload. */
  request: string;
  device: string;
  /** ECDSA P-256 / SHA-256 over the scan's signing bytes, IEEE P1363, base64url. */
  signature: string;
}

export function scanSigningBytes(domain: string, scan: Omit<DeviceScan, 'signature'>): Uint8Array {
  return utf8(domain + canonicalJson({ v: scan.v, request: scan.request, device: scan.device }));
}

export function readDeviceScan(value: unknown): DeviceScan {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolFormatError('the scan must be an object');
  const s = value as DeviceScan;
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
