/**
 * Where the validation data comes from: the caller's function (the platform's OCSP responder and CRL
 * distribution, behind it), asked about every certificate of the signature and its time-stamp.
 */
export interface RevocationData {
  /** DER OCSPResponse messages. */
  ocspResponses?: Buffer[];
  /** DER CRLs, embedded as they are: a national CRL is far too large to parse here. */
  crls?: Buffer[];
  /** Certificates needed besides those asked about (OCSP responders', issuers'), DER. */
  certificates?: Buffer[];
}

export type RevocationFunction = (certificates: Buffer[]) => Promise<RevocationData>;

export interface ValidationData {
  certificates: Buffer[];
  ocspResponses: Buffer[];
  crls: Buffer[];
}
