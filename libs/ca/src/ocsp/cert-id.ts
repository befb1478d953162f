import { nullValue, octetString, sequence, unsignedInteger } from '../der/der-writer';
import { OID_DER } from './ocsp-oids';

/** Hashes a CertID may use. SHA-1 is what nearly every client sends; SHA-256 is what newer ones can. */
export type CertIdHashAlgorithm = 'sha1' | 'sha256';

export const CERT_ID_HASH_LENGTH: Record<CertIdHashAlgorithm, number> = { sha1: 20, sha256: 32 };

/** One CertID of a request (RFC 6960 §4.1.1). */
export interface CertId {
  hashAlgorithm: CertIdHashAlgorithm;
  /**
   * Whether the hash AlgorithmIdentifier had an explicit NULL (openssl, NSS, Go, Windows) or no
   * parameters. The response echoes the CertID byte for byte, so two requests that differ only here
   * need two differently signed answers.
   */
  hashParameters: 'null' | 'absent';
  issuerNameHash: Buffer;
  issuerKeyHash: Buffer;
  /** Serial number magnitude: unsigned big-endian, without the DER sign octet. */
  serial: Buffer;
  /** The CertID exactly as the client sent it; SingleResponse.certID repeats these bytes. */
  der: Buffer;
}

const HASH_ALGORITHM_DER: Record<CertIdHashAlgorithm, Buffer> = {
  sha1: sequence(OID_DER.sha1, nullValue()),
  sha256: sequence(OID_DER.sha256, nullValue()),
};

/** A CertID in the common form (explicit NULL parameters): what `presign` answers ahead of requests. */
export function encodeCertId(hashAlgorithm: CertIdHashAlgorithm, issuerNameHash: Buffer, issuerKeyHash: Buffer, serial: Buffer): Buffer {
  return sequence(HASH_ALGORITHM_DER[hashAlgorithm], octetString(issuerNameHash), octetString(issuerKeyHash), unsignedInteger(serial));
}
