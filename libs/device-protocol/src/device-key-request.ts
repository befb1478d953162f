/**
 * The PKCS#10 request (RFC 2986) a device sends for its key: empty subject, no attributes, signed with
 * ECDSA P-256 / SHA-256. The CA takes the subject from the civil registry, so the request only proves
 * possession of the key. Written on Uint8Array so the web wallet builds it with WebCrypto, as the CLI
 * does with node:crypto.
 */
const ECDSA_WITH_SHA256 = Uint8Array.of(0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02);

export async function buildDeviceKeyRequest(publicKeySpki: Uint8Array, signP1363: (data: Uint8Array) => Promise<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  const info = tlv(0x30, concat(Uint8Array.of(0x02, 0x01, 0x00), Uint8Array.of(0x30, 0x00), publicKeySpki, Uint8Array.of(0xa0, 0x00)));
  const signature = p1363ToDer(await signP1363(info));
  return tlv(0x30, concat(info, ECDSA_WITH_SHA256, tlv(0x03, concat(Uint8Array.of(0), signature))));
}

/** IEEE P1363 (r ‖ s) to DER Ecdsa-Sig-Value, as X.509 and PKCS#10 carry ECDSA signatures. */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  if (signature.length % 2 !== 0 || signature.length === 0) throw new RangeError('a P1363 signature has two halves of equal length');
  const half = signature.length / 2;
  return tlv(0x30, concat(derInteger(signature.subarray(0, half)), derInteger(signature.subarray(half))));
}

export function toPem(label: string, der: Uint8Array): string {
  let base64 = '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < der.length; i += 3) {
    const n = (der[i] << 16) | ((der[i + 1] ?? 0) << 8) | (der[i + 2] ?? 0);
    base64 += alphabet[(n >> 18) & 63] + alphabet[(n >> 12) & 63] + (i + 1 < der.length ? alphabet[(n >> 6) & 63] : '=') + (i + 2 < der.length ? alphabet[n & 63] : '=');
  }
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

function derInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  return tlv(0x02, trimmed[0] & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed);
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const length = n < 0x80 ? Uint8Array.of(n) : n < 0x100 ? Uint8Array.of(0x81, n) : Uint8Array.of(0x82, n >> 8, n & 0xff);
  return concat(Uint8Array.of(tag), length, content);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
