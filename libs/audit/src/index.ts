export { canonicalJson } from './canonical-json';
export {
  chainHash,
  linkEvents,
  verifyAuditChain,
  validateEvent,
  GENESIS_HASH,
  type AuditEvent,
  type AuditRecord,
  type AuditLog,
  type ChainVerification,
} from './audit-chain';
