export { readCaSettings, CaSettingsError, type CaSettings } from './ca-settings';
export { keyStoreConfig } from './key-store-config';
export { CertificateAuthority, type CertificateAuthorityOptions } from './certificate-authority';
export { CrlPublisher } from './crl-publisher';
export { TieredOcspCache } from './tiered-ocsp-cache';
export { OcspStatusReader } from './ocsp-status';
export { AuditEventSink } from './audit-event-sink';
export { developmentSecret } from './development-secret';
