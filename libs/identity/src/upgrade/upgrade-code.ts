import { randomBytes } from 'node:crypto';
import { encodeQrPayload, DEVICE_PROTOCOL_VERSION } from '@theqa/device-protocol';

/** A QR code's request: 16 random bytes (nothing secret: only the picked device's signed scan claims it). */
export function newScan(now: Date, seconds: number): { request: string; expiresAt: string } {
  return { request: randomBytes(16).toString('base64url'), expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
}

/** What the portal's QR code carries (device-protocol qr-payload.ts): `theqa:` + the canonical JSON of an `upgrade` request. */
export function upgradeQrPayload(scan: { request: string; expiresAt: string }, server: string): string {
  return encodeQrPayload({ v: DEVICE_PROTOCOL_VERSION, kind: 'upgrade', request: scan.request, server, expires_at: new Date(scan.expiresAt).toISOString() });
}
