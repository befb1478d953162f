import type { Bilingual } from '@theqa/kernel';
import { fromBase64url, ProtocolFormatError } from './base64url';

/**
 * A document waiting for the person's signature, as a `signing` challenge carries it to the wallet's
 * "signing requests": who asks, the document's name and hash, the reason, the CMS signed attributes the
 * signing key is to sign, and the document code. The wallet computes the code itself from the signed
 * attributes it is about to sign (`documentCode`) and shows it; the relying party's page shows the code
 * the signing service gave it. The person compares the two: equal codes mean the wallet signs what the
 * relying party submitted, since the signed attributes bind the document's byte-range digest.
 */
export interface SigningContext {
  /** The signing request's id: 16 random bytes, base64url. */
  request: string;
  relying_party: Bilingual;
  document: { name: Bilingual; sha256: string; pages: number; bytes: number };
  reason?: string;
  /** Four characters of DOCUMENT_CODE_ALPHABET: `documentCode(signed_attributes)`. */
  code: string;
  /** DER of the CMS signed attributes (RFC 5652 §5.4), base64url: what the signing key signs. */
  signed_attributes: string;
}

/** Upper-case letters and digits without the look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const DOCUMENT_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const DOCUMENT_CODE_PATTERN = new RegExp(`^[${DOCUMENT_CODE_ALPHABET}]{4}$`);

/**
 * The document code: four characters of the alphabet from SHA-256("theqa-document-code/2" ‖ signed
 * attributes), about 18.6 bits. `digest` is the caller's SHA-256 (node:crypto or WebCrypto).
 */
export async function documentCode(signedAttributes: Uint8Array, digest: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): Promise<string> {
  const label = new TextEncoder().encode('theqa-document-code/2\u0000');
  const input = new Uint8Array(label.length + signedAttributes.length);
  input.set(label);
  input.set(signedAttributes, label.length);
  const bytes = await digest(input);
  let value = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  let code = '';
  for (let i = 0; i < 4; i++) {
    code += DOCUMENT_CODE_ALPHABET[value % DOCUMENT_CODE_ALPHABET.length];
    value = Math.floor(value / DOCUMENT_CODE_ALPHABET.length);
  }
  return code;
}

const ID = /^[A-Za-z0-9_-]{22}$/;
const label = (v: unknown, max: number): boolean =>
  typeof v === 'object' && v !== null && ['ar', 'en'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string' && ((v as Record<string, string>)[k].length <= max));

/** True when the value is a well-formed signing context (the challenge's check). */
export function isSigningContext(value: unknown): value is SigningContext {
  const s = value as SigningContext;
  if (typeof value !== 'object' || value === null) return false;
  const known = new Set(['request', 'relying_party', 'document', 'reason', 'code', 'signed_attributes']);
  if (Object.keys(s).some((k) => !known.has(k))) return false;
  if (typeof s.request !== 'string' || !ID.test(s.request) || !label(s.relying_party, 128)) return false;
  const d = s.document;
  if (typeof d !== 'object' || d === null || Object.keys(d).some((k) => !['name', 'sha256', 'pages', 'bytes'].includes(k))) return false;
  if (!label(d.name, 255) || typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) return false;
  if (!Number.isSafeInteger(d.pages) || d.pages < 1 || !Number.isSafeInteger(d.bytes) || d.bytes < 1) return false;
  if (s.reason !== undefined && (typeof s.reason !== 'string' || s.reason.length > 255)) return false;
  if (typeof s.code !== 'string' || !DOCUMENT_CODE_PATTERN.test(s.code)) return false;
  if (typeof s.signed_attributes !== 'string' || s.signed_attributes.length > 4096) return false;
  try {
    return fromBase64url(s.signed_attributes).length > 0;
  } catch {
    return false;
  }
}

/** The signed attributes a signing context carries, refusing a context whose code is not theirs. */
export async function signedAttributesOf(context: SigningContext, digest: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  const bytes = fromBase64url(context.signed_attributes);
  if ((await documentCode(bytes, digest)) !== context.code) throw new ProtocolFormatError("the signing request's code is not the code of what it asks to sign");
  return bytes;
}
