import { AuditConsole, verifyAuditTrail, type AuditExportKey, type AuditLog, type AuditTrust } from '@theqa/audit';
import { CaOperations, type CertificateAuthority, type KeyStoreLocation } from '@theqa/ca-service';
import { serviceSigningKey, type KeyStore, type SigningKey } from '@theqa/keys';
import { auditChainBetween, auditChainStretch, PostgresCertificateSearch, PostgresStatisticsSource, searchAuditLog, withAuditTrail } from '@theqa/persistence';
import { PlatformStatistics } from '@theqa/platform-statistics';
import type { DataSource } from 'typeorm';
import type { KeyStoreConfiguration } from './configuration';

/**
 * The key-store labels of the keys that sign audit exports, newest first. A rotation puts
 * `audit-export-2` in front and keeps the older label: exports signed before stay verifiable as long
 * as its key stays in the store (as the consent receipts' keys do).
 */
export const AUDIT_EXPORT_KEY_LABELS: readonly [string, ...string[]] = ['audit-export-1'];

/** The console's CA operations over the CA the platform opened. */
export function openCaOperations(context: { dataSource: DataSource; authority: CertificateAuthority; keyStore: KeyStoreConfiguration; expiryWarningDays: number }): CaOperations {
  return new CaOperations({
    authority: context.authority,
    search: new PostgresCertificateSearch(context.dataSource),
    keyStore: keyStoreLocation(context.keyStore),
    expiryWarningDays: context.expiryWarningDays,
  });
}

/** Where the keys are, without the PIN or the master key. */
export function keyStoreLocation(config: KeyStoreConfiguration): KeyStoreLocation {
  return config.kind === 'pkcs11' ? { kind: 'pkcs11', library: config.library, tokenLabel: config.tokenLabel } : { kind: 'software', directory: config.directory };
}

export interface AuditConsoleContext {
  dataSource: DataSource;
  keyStore: KeyStore;
  audit: AuditLog;
  trust: AuditTrust;
  actor: string;
  maxExportEntries: number;
}

/**
 * The console's audit pages: search over audit_log, verification as `npx theqa audit verify` does it,
 * and exports signed by the key store's export key, made on first use (an ec-p256 key in the software
 * store or on the HSM, audited as `key.generated`), as the consent receipts' and checkpoints' keys are.
 */
export function openAuditConsole(context: AuditConsoleContext): AuditConsole {
  const [currentLabel, ...olderLabels] = AUDIT_EXPORT_KEY_LABELS;
  let current: Promise<SigningKey> | undefined;
  const currentKey = () =>
    (current ??= serviceSigningKey(context.keyStore, currentLabel, {
      onGenerated: async (key) => {
        await context.audit.append({ action: 'key.generated', actor: context.actor, subject: key.label, details: { algorithm: key.keyAlgorithm, store: context.keyStore.kind, purpose: 'audit-exports' } });
      },
    }).catch((error: unknown) => {
      current = undefined;
      throw error;
    }));
  return new AuditConsole({
    search: (filter) => searchAuditLog(context.dataSource, filter),
    stretch: (from, to) => auditChainStretch(context.dataSource, from, to),
    entries: (stretch) => auditChainBetween(context.dataSource, stretch),
    verify: (options) => withAuditTrail(context.dataSource, (trail) => verifyAuditTrail(trail, context.trust, options)),
    exportKey: async () => exportKey(await currentKey()),
    exportKeys: async () => {
      const older = await Promise.all(olderLabels.map((label) => context.keyStore.findKey(label)));
      return [(await currentKey()).publicKeySpki, ...older.flatMap((key) => (key ? [key.publicKeySpki] : []))];
    },
    audit: context.audit,
    maxExportEntries: context.maxExportEntries,
  });
}

function exportKey(key: SigningKey): AuditExportKey {
  return { label: key.label, signatureAlgorithm: key.signatureAlgorithm, publicKeySpki: key.publicKeySpki, sign: (data) => key.sign(data) };
}

/** The dashboard's counts over the tables that record each event. */
export function openPlatformStatistics(context: { dataSource: DataSource; timeZone: string }): PlatformStatistics {
  return new PlatformStatistics({ source: new PostgresStatisticsSource(context.dataSource), timeZone: context.timeZone });
}
