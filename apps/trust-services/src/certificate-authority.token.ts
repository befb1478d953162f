/** Injection token of the running CertificateAuthority (from @theqa/ca-service). */
export const CERTIFICATE_AUTHORITY = Symbol('CERTIFICATE_AUTHORITY');
