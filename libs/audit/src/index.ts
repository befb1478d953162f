export {
  chainHash,
  linkEvents,
  linkCanonicalEvents,
  linkProblem,
  canonicalEvent,
  type CanonicalEvent,
  verifyAuditChain,
  validateEvent,
  GENESIS_HASH,
  type AuditEvent,
  type AuditRecord,
  type AuditLog,
  type ChainVerification,
} from './audit-chain';
export {
  CHECKPOINT_GENESIS,
  checkpointDigest,
  checkpointImprint,
  checkpointSignatureHolds,
  checkpointStatement,
  keyFingerprint,
  type AuditCheckpoint,
  type CheckpointStatement,
} from './checkpoint';
export { AuditCheckpointWriter, type CheckpointSigningKey, type CheckpointStore, type CheckpointTimeStamper, type CheckpointWriterOptions } from './checkpoint-writer';
export { verifyAuditTrail, type AuditFinding, type AuditTrail, type AuditTrust, type AuditVerification, type AuditVerificationOptions } from './audit-verification';
export { AuditConsole, describeAuditVerification, type AuditConsoleDependencies } from './console/audit-console';
export { AuditConsoleError, type AuditConsoleErrorCode } from './console/audit-console-error';
export { auditSearchFilter, auditPage, AUDIT_PAGE_SIZE, type AuditQuery, type AuditSearchFilter, type AuditEntryView, type AuditPage } from './console/audit-search';
export { writeAuditExport, verifyAuditExport, AUDIT_EXPORT_TYPE, type AuditExportKey, type AuditExportHeader, type AuditExportVerification, type SignedAuditExport } from './console/audit-export';
