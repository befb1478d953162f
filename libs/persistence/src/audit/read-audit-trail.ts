import type { DataSource } from 'typeorm';
import type { AuditTrail } from '@theqa/audit';
import { readAuditCheckpoints } from './postgres-audit-checkpoints';
import { readAuditChain } from './read-audit-chain';

/**
 * The log, its stored head and its checkpoints as one snapshot (a read-only REPEATABLE READ
 * transaction), so that appends and checkpoints made meanwhile by running instances are not taken for
 * tampering. `work` runs inside that transaction.
 */
export function withAuditTrail<T>(dataSource: DataSource, work: (trail: AuditTrail) => Promise<T>): Promise<T> {
  return dataSource.transaction('REPEATABLE READ', async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    const [head] = await manager.query(`SELECT seq, hash FROM audit_chain_head WHERE id = 1`);
    const checkpoints = await readAuditCheckpoints(manager);
    return work({ records: readAuditChain(manager), head: head ? { seq: Number(head.seq), hash: head.hash } : undefined, checkpoints });
  });
}
