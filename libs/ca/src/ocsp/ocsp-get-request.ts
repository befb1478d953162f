import { OcspRequestError } from './ocsp-errors';
import { OCSP_REQUEST_LIMITS } from './ocsp-request';

const BASE64 = /^[A-Za-z0-9+/_-]+$/;

/**
 * The DER request of an OCSP GET (RFC 6960 appendix A.1): `{url}/{url-encoding of base64 of DER}`.
 * Pass everything after the endpoint's prefix (it may contain '/'). Tolerates what real clients do:
 * unpadded base64, '+' that became ' ' through form-style decoding, base64url, and a segment the web
 * framework already decoded (base64 has no '%', so decoding twice changes nothing).
 * Throws OcspRequestError (malformedRequest).
 */
export function decodeOcspGetRequest(pathSegment: string): Buffer {
  // URL-encoding at most triples the base64, which is 4/3 of the DER.
  if (pathSegment.length > OCSP_REQUEST_LIMITS.maxBytes * 4) throw new OcspRequestError('request too large');
  let text: string;
  try {
    text = decodeURIComponent(pathSegment);
  } catch {
    throw new OcspRequestError('invalid URL encoding');
  }
  text = text.replace(/ /g, '+');
  const padding = text.length - text.replace(/=+$/, '').length;
  const body = text.slice(0, text.length - padding);
  if (!BASE64.test(body) || padding > 2 || (padding > 0 && text.length % 4 !== 0) || body.length % 4 === 1) {
    throw new OcspRequestError('invalid base64');
  }
  return Buffer.from(body, 'base64');
}
