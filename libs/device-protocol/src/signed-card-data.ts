import { ProtocolFormatError } from './base64url';

export const SIGNED_CARD_DATA_FORMAT = 'theqa-signed-card-data/1';

/**
 * What the wallet's "NFC read" of an ID card hands over, the way a chip's security object carries
 * its data, the issuer's signature over it and the signer's certificate:
 * - `data`: base64url of the card data's canonical bytes (theqa-card-data/1, see @theqa/integrations);
 * - `signature`: base64url of an ECDSA (SHA-256, DER Ecdsa-Sig-Value) signature over those bytes by the
 *   CA's Card Data Signer;
 * - `signer_certificate`: base64url of that signer's X.509 certificate (DER).
 */
export interface SignedCardData {
  format: typeof SIGNED_CARD_DATA_FORMAT;
  data: string;
  signature: string;
  signer_certificate: string;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const LIMITS = { data: 4096, signature: 256, signer_certificate: 8192 } as const;

/** Shape only; the signature, signer and registry checks are the server's. */
export function readSignedCardData(value: unknown): SignedCardData {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolFormatError('card data must be an object');
  const record = value as Record<string, unknown>;
  if (record.format !== SIGNED_CARD_DATA_FORMAT) throw new ProtocolFormatError(`card data format must be ${SIGNED_CARD_DATA_FORMAT}`);
  for (const [field, limit] of Object.entries(LIMITS)) {
    const v = record[field];
    if (typeof v !== 'string' || !B64URL.test(v) || v.length > limit) throw new ProtocolFormatError(`card data field ${field} must be base64url of at most ${limit} characters`);
  }
  const extra = Object.keys(record).filter((k) => k !== 'format' && !(k in LIMITS));
  if (extra.length) throw new ProtocolFormatError(`unexpected card data fields: ${extra.join(', ')}`);
  return record as unknown as SignedCardData;
}
