import { oid } from '../der/der-writer';

/** Object identifiers of RFC 6960, pre-encoded: the parser compares bytes rather than decoding OIDs. */
export const OID = {
  /** id-pkix-ocsp-basic: the only responseType we produce. */
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  /** id-pkix-ocsp-nonce (RFC 6960 §4.4.1, RFC 8954). */
  ocspNonce: '1.3.6.1.5.5.7.48.1.2',
  /** id-kp-OCSPSigning: the extended key usage a delegated responder certificate must carry (§4.2.2.2). */
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export const OID_DER = {
  ocspBasic: oid(OID.ocspBasic),
  ocspNonce: oid(OID.ocspNonce),
  sha1: oid(OID.sha1),
  sha256: oid(OID.sha256),
} as const;
