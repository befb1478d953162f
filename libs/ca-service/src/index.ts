export { CertificateAuthority, type AuthorityContext, type CertificateAuthorityOptions, type IssuanceWorkersSetup } from './certificate-authority';
export { CrlPublisher } from './crl-publisher';
export { TieredOcspCache } from './tiered-ocsp-cache';
export { OcspStatusReader } from './ocsp-status';
export { AuditEventSink, type HolderEvent } from './audit-event-sink';
export { SignatureTrust, type SignatureValidationData } from './signature-trust';
