export {
  chainHash,
  linkEvents,
  linkCanonicalEvents,
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
