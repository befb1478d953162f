export { IdentitySupport, type IdentitySupportDependencies, type IdentitySuspended, type IdentityRestored, type PinResetRequired } from './identity-support';
export { pinStatusOf, type PersonOverview, type PinState, type PinStatus, type OverviewCertificate, type OverviewDevice, type OverviewEvent } from './person-overview';
export { supportCivilNumber, supportReason, SUPPORT_REASON_MAX_LENGTH } from './support-request';
export type { IdentitySupportStore, SuspensionRecord, SuspensionChange, HolderCertificates, HolderCertificate, HolderCertificateStatus, PersonSessions } from './support-ports';
