import { AuditCheckpointWriter, keyFingerprint, type AuditLog, type AuditTrust } from '@theqa/audit';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { Logger } from '@theqa/http-shell';
import { serviceSigningKey, type KeyStore } from '@theqa/keys';
import { PostgresAuditCheckpoints } from '@theqa/persistence';
import type { DataSource } from 'typeorm';

/** The key that signs the audit log's checkpoints; a successor would be `audit-checkpoint-2`. */
export const AUDIT_CHECKPOINT_KEY_LABEL = 'audit-checkpoint-1';
const CHECKPOINT_KEY_LABELS = /^audit-checkpoint-[0-9]+$/;

export interface AuditCheckpointContext {
  dataSource: DataSource;
  keyStore: () => Promise<KeyStore>;
  authority: () => Promise<CertificateAuthority>;
  audit: AuditLog;
  actor: string;
  logger: Logger;
}

/** Checkpoints signed by the key store's checkpoint key (made on first use, audited) and stamped by the platform's TSA. */
export function auditCheckpointWriter(context: AuditCheckpointContext): AuditCheckpointWriter {
  return new AuditCheckpointWriter({
    store: new PostgresAuditCheckpoints(context.dataSource),
    key: async () =>
      serviceSigningKey(await context.keyStore(), AUDIT_CHECKPOINT_KEY_LABEL, {
        onGenerated: async (key) => {
          await context.audit.append({ action: 'audit.checkpoint-key-created', actor: context.actor, subject: key.label, details: { publicKeySha256: keyFingerprint(key.publicKeySpki) } });
        },
      }),
    timeStamper: async () => {
      const authority = await context.authority();
      return { timeStamp: (sha256) => authority.timeStampImprint(sha256) };
    },
    // A copy of each checkpoint outside the database (the logs), for an auditor's --known-checkpoint.
    onWritten: (checkpoint, digest) => context.logger.info({ checkpoint: checkpoint.number, seq: checkpoint.chainSeq, digest: digest.toString('hex') }, 'audit checkpoint written'),
    onError: (error) => context.logger.error({ err: error }, 'audit checkpoint failed'),
  });
}

/** What verification trusts: the key store's checkpoint keys and the hierarchy's TSA, nothing read from the audit tables. */
export function auditTrust(keyStore: KeyStore, authority: CertificateAuthority): AuditTrust {
  return {
    checkpointKey: async (label) => (CHECKPOINT_KEY_LABELS.test(label) ? (await keyStore.findKey(label))?.publicKeySpki : undefined),
    verifyTimeStamp: (token, sha256) => authority.verifyTimeStamp(token, sha256),
  };
}
