export { createDataSource, type DataSourceOptions } from './data-source';
export { openDatabase, type Database, type OpenDatabaseOptions } from './database';
export {
  resolveDatabaseTarget,
  describeDatabaseUrl,
  DatabaseTargetError,
  type DatabaseTarget,
} from './database-target';
export { EmbeddedPostgres } from './embedded-postgres';
export { readMigrationStatus, migrateDatabase, type MigrationStatus } from './migration-status';
export { ensureInstallation, type Installation } from './installation';
export { platformMigrations } from './migrations';
export { PostgresAuditLog } from './audit/postgres-audit-log';
export { readAuditChain, auditEntriesAbout } from './audit/read-audit-chain';
export { PostgresCertificateLedger, type RevokedEntryRow } from './ca/postgres-certificate-ledger';
export { PostgresAuthorityStore } from './ca/postgres-authority-store';
export { PostgresCrlStore, type StoredCrl } from './ca/postgres-crl-store';
export { PostgresJourneyStore } from './identity/postgres-journey-store';
export { PostgresIdentityStore } from './identity/postgres-identity-store';
export { PostgresChallengeStore } from './identity/postgres-challenge-store';
export { IdentityActivity, type ActivityEntry } from './identity/identity-activity';
export { PostgresSmsOutbox } from './identity/postgres-sms-outbox';
export { PostgresPushChannel } from './identity/postgres-push-channel';
export { PostgresConsentStore, AuditedConsentEvents } from './consent/postgres-consent-store';
export { PostgresLoginRequestStore } from './login/postgres-login-request-store';
export { PostgresRateLimiter } from './login/postgres-rate-limiter';
export { PostgresOidcAdapter, type OidcPayload } from './login/postgres-oidc-adapter';
export { PostgresRelyingPartyStore, AuditedRelyingPartyEvents } from './relying-parties/postgres-relying-party-store';
export { purgeExpiredRows, RETENTION } from './housekeeping/expired-rows';
