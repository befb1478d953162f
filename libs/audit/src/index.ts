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
