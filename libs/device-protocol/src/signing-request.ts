import type { Bilingual } from '@theqa/kernel';
import { ProtocolFormatError } from './base64url';
import { DEVICE_PROTOCOL_VERSION } from './version';

/**
 * A document waiting for the person's signature, as the wallet lists it under "signing requests":
 * the document's name, its SHA-256, a short code derived from that hash (the person compares it with
 * the one the relying party's page shows) and who asks. The device later signs the CMS signed
 * attributes, which bind the same hash.
 */
export interface SigningRequest {
  v: typeof DEVICE_PROTOCOL_VERSION;
  id: string;
  document: { name: string; sha256: string; pages?: number };
  code: string;
  relying_party: Bilingual;
  requested_at: string;
  expires_at: string;
}

/**
 * The document code: the first 20 bits of SHA-256("theqa-document-code/1" ‖ document hash) as six
 * decimal digits. `digest` is the caller's SHA-256 (node:crypto or WebCrypto).
 */
export async function documentCode(documentSha256Hex: string, digest: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): Promise<string> {
  if (!/^[0-9a-f]{64}$/.test(documentSha256Hex)) throw new ProtocolFormatError('a document hash is 64 lowercase hex digits');
  const bytes = await digest(new TextEncoder().encode(`theqa-document-code/1\u0000${documentSha256Hex}`));
  const value = ((bytes[0] << 12) | (bytes[1] << 4) | (bytes[2] >> 4)) % 1_000_000;
  return String(value).padStart(6, '0');
}

export function readSigningRequest(value: unknown): SigningRequest {
  const r = value as SigningRequest;
  if (typeof value !== 'object' || value === null) throw new ProtocolFormatError('a signing request is an object');
  const problems: string[] = [];
  if (r.v !== DEVICE_PROTOCOL_VERSION) problems.push('v');
  if (typeof r.id !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(r.id)) problems.push('id');
  if (typeof r.document?.name !== 'string' || r.document.name.length === 0 || r.document.name.length > 255) problems.push('document.name');
  if (typeof r.document?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.document.sha256)) problems.push('document.sha256');
  if (typeof r.code !== 'string' || !/^\d{6}$/.test(r.code)) problems.push('code');
  if (typeof r.relying_party?.ar !== 'string' || typeof r.relying_party?.en !== 'string') problems.push('relying_party');
  for (const field of ['requested_at', 'expires_at'] as const) if (typeof r[field] !== 'string' || Number.isNaN(Date.parse(r[field]))) problems.push(field);
  if (problems.length) throw new ProtocolFormatError(`invalid signing request: ${problems.join('; ')}`);
  return r;
}
