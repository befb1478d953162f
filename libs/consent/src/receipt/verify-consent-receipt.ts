import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { ConsentError } from '../consent-error';
import { CONSENT_RECEIPT_SCHEMA, CONSENT_RECEIPT_TYPE, type ConsentReceiptContent } from './consent-receipt';

export interface VerifiedConsentReceipt {
  receipt: ConsentReceiptContent;
  /** The published key that verified it. */
  kid: string;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Checks a receipt against a JSON Web Key Set (the platform's published keys, fetched or saved by the
 * one verifying: never keys the receipt itself names): ES256 only, `typ` consent-receipt+jwt, a `kid`
 * of the set, a signature that verifies, and content of this receipt profile. Each refusal is a
 * ConsentError saying which: `receipt-malformed`, `receipt-key-unknown`, `receipt-signature-invalid`,
 * `receipt-keys-invalid` (the key set itself).
 */
export async function verifyConsentReceipt(jws: string, keys: unknown): Promise<VerifiedConsentReceipt> {
  const text = typeof jws === 'string' ? jws.trim() : '';
  if (!COMPACT_JWS.test(text)) throw new ConsentError('receipt-malformed', 'this is not a compact JWS (three base64url parts separated by dots)');
  let header;
  try {
    header = decodeProtectedHeader(text);
  } catch {
    throw new ConsentError('receipt-malformed', "the receipt's header is not JSON");
  }
  if (header.typ !== CONSENT_RECEIPT_TYPE) throw new ConsentError('receipt-malformed', `this JWS is not a consent receipt (typ ${JSON.stringify(header.typ ?? null)}, expected ${CONSENT_RECEIPT_TYPE})`);
  if (header.alg !== 'ES256') throw new ConsentError('receipt-malformed', `a consent receipt is signed ES256, this one says ${JSON.stringify(header.alg ?? null)}`);
  if (typeof header.kid !== 'string' || !header.kid) throw new ConsentError('receipt-malformed', 'the receipt names no key (kid)');
  const keySet = createLocalKeySet(keys);
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(text, keySet, { algorithms: ['ES256'] }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWKS_NO_MATCHING_KEY') throw new ConsentError('receipt-key-unknown', `the receipt was signed with key ${header.kid}, which is not among the published keys`, { kid: header.kid });
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new ConsentError('receipt-signature-invalid', `the receipt's signature does not verify with key ${header.kid}: it was altered, or signed by someone else`, { kid: header.kid });
    throw new ConsentError('receipt-malformed', `the receipt cannot be read: ${(error as Error).message}`);
  }
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(payload).toString('utf8'));
  } catch {
    throw new ConsentError('receipt-malformed', "the receipt's content is not JSON");
  }
  return { receipt: checkedContent(content), kid: header.kid };
}

function createLocalKeySet(keys: unknown) {
  try {
    return createLocalJWKSet(keys as JSONWebKeySet);
  } catch (error) {
    throw new ConsentError('receipt-keys-invalid', `the keys are not a JSON Web Key Set: ${(error as Error).message}`);
  }
}

/** Signed by the platform, so trusted; still checked, so that a reader never meets a missing field. */
function checkedContent(content: unknown): ConsentReceiptContent {
  const c = content as Partial<ConsentReceiptContent> | null;
  const problem =
    !c || typeof c !== 'object'
      ? 'it is not an object'
      : c.schema_version !== CONSENT_RECEIPT_SCHEMA
        ? `its schema is ${JSON.stringify(c.schema_version ?? null)}, not ${CONSENT_RECEIPT_SCHEMA}`
        : typeof c.record_id !== 'string' || typeof c.pii_principal_id !== 'string'
          ? 'it names no consent record or no person'
          : !Array.isArray(c.pii_controllers) || !c.pii_controllers.length || !Array.isArray(c.processing?.pii_categories) || !Array.isArray(c.processing?.purposes)
            ? 'it names no relying party, data or purpose'
            : !c.consent || typeof c.consent.state !== 'string' || !Array.isArray(c.consent.events)
              ? "it does not say where the consent stands"
              : undefined;
  if (problem) throw new ConsentError('receipt-malformed', `the receipt's content is not a consent receipt: ${problem}`);
  return c as ConsentReceiptContent;
}
