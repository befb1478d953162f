import { canonicalJson } from '@theqa/kernel';
import { fromBase64url, fromUtf8, ProtocolFormatError, toBase64url, utf8 } from './base64url';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * What a QR code on a web page carries to the wallet: which server, which pending request, and until
 * when. Nothing secret and nothing about the person: the request is fetched from the server, whose
 * origin the wallet checks against the servers it is registered with before it follows it.
 * Encoded as `theqa:` + base64url(canonical JSON): about 200 characters for a usual origin, which a
 * version-10 QR code holds at error correction M.
 */
export const QR_KINDS = ['login', 'upgrade'] as const;
export type QrKind = (typeof QR_KINDS)[number];

export interface QrPayload {
  v: typeof DEVICE_PROTOCOL_VERSION;
  kind: QrKind;
  /** The pending request's id: 16 random bytes, base64url. */
  request: string;
  /** The platform's origin, e.g. https://theqa.example.om */
  server: string;
  expires_at: string;
}

const PREFIX = 'theqa:';
const MAX_LENGTH = 400;

export function encodeQrPayload(payload: QrPayload): string {
  const text = PREFIX + toBase64url(utf8(canonicalJson(checkQr(payload) as unknown as Record<string, unknown>)));
  if (text.length > MAX_LENGTH) throw new ProtocolFormatError('the QR payload is too long');
  return text;
}

/** Refuses anything but the exact encoding: another prefix, extra fields, a non-canonical body, an origin with a path. */
export function decodeQrPayload(text: string): QrPayload {
  if (typeof text !== 'string' || !text.startsWith(PREFIX) || text.length > MAX_LENGTH) throw new ProtocolFormatError('not a Theqa QR code');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(fromBase64url(text.slice(PREFIX.length))));
  } catch {
    throw new ProtocolFormatError('the QR code is damaged');
  }
  const payload = checkQr(parsed);
  if (PREFIX + toBase64url(utf8(canonicalJson(payload as unknown as Record<string, unknown>))) !== text) throw new ProtocolFormatError('the QR code is not canonically encoded');
  return payload;
}

function checkQr(value: unknown): QrPayload {
  const p = value as QrPayload;
  if (typeof value !== 'object' || value === null) throw new ProtocolFormatError('the QR payload is not an object');
  const problems: string[] = [];
  if (p.v !== DEVICE_PROTOCOL_VERSION) problems.push('v');
  if (!QR_KINDS.includes(p.kind)) problems.push('kind');
  if (typeof p.request !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(p.request)) problems.push('request');
  if (typeof p.server !== 'string' || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/.test(p.server)) problems.push('server (an origin, no path)');
  if (typeof p.expires_at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(p.expires_at)) problems.push('expires_at');
  const extra = Object.keys(p).filter((k) => !['v', 'kind', 'request', 'server', 'expires_at'].includes(k));
  if (extra.length) problems.push(`unexpected fields ${extra.join(', ')}`);
  if (problems.length) throw new ProtocolFormatError(`invalid QR payload: ${problems.join('; ')}`);
  return p;
}
