import { createPublicKey } from 'node:crypto';
import type { AuditLog } from '@theqa/audit';
import { ConsentReceipts, type EcPublicJwk, type ReceiptKey } from '@theqa/consent';
import { ecdsaDerToRaw, serviceSigningKey, type KeyStore, type SigningKey } from '@theqa/keys';
import { PostgresConsentStore, PostgresRelyingPartyStore } from '@theqa/persistence';
import type { DataSource } from 'typeorm';

/**
 * The key-store labels of the keys that sign consent receipts, newest first. A rotation puts
 * `consent-receipt-2` in front and keeps the older label here: receipts signed before stay verifiable
 * as long as its key stays in the store and in the published set.
 */
export const CONSENT_RECEIPT_KEY_LABELS: readonly [string, ...string[]] = ['consent-receipt-1'];

export interface ConsentReceiptsContext {
  dataSource: DataSource;
  keyStore: KeyStore;
  audit: AuditLog;
  actor: string;
  publicBaseUrl: string;
}

/**
 * Receipts over the consents in PostgreSQL, named after the relying parties of the registry, signed
 * by the key store's receipt key: made on first use (an ec-p256 key in the software store or on the
 * HSM, audited as `key.generated`), as the gateway's ID-token key and the audit checkpoint key are.
 */
export async function openConsentReceipts(context: ConsentReceiptsContext): Promise<ConsentReceipts> {
  const [currentLabel, ...olderLabels] = CONSENT_RECEIPT_KEY_LABELS;
  const current = receiptKey(
    await serviceSigningKey(context.keyStore, currentLabel, {
      onGenerated: async (key) => {
        await context.audit.append({ action: 'key.generated', actor: context.actor, subject: key.label, details: { algorithm: key.keyAlgorithm, store: context.keyStore.kind, purpose: 'consent-receipts' } });
      },
    }),
  );
  const relyingParties = new PostgresRelyingPartyStore(context.dataSource);
  const base = context.publicBaseUrl.replace(/\/$/, '');
  return new ConsentReceipts({
    consents: new PostgresConsentStore(context.dataSource),
    controllers: { find: async (clientId) => relyingParties.find(clientId) },
    keys: {
      current: async () => current,
      published: async () => {
        const older = await Promise.all(olderLabels.map((label) => context.keyStore.findKey(label)));
        return [current, ...older.flatMap((key) => (key ? [receiptKey(key)] : []))];
      },
    },
    issuer: { id: base, name: { ar: 'ثقة', en: 'Theqa' } },
    withdrawalUrl: `${base}/portal`,
    jurisdiction: 'OM',
  });
}

/** A key-store key as the receipts use it: its public JWK, and JWS signatures (raw r ‖ s) from the store's DER. */
function receiptKey(key: SigningKey): ReceiptKey {
  if (key.keyAlgorithm !== 'ec-p256') throw new Error(`the consent receipt key ${key.label} is ${key.keyAlgorithm}; receipts are ES256 (ec-p256)`);
  const { kty, crv, x, y } = createPublicKey({ key: key.publicKeySpki, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return {
    publicJwk: { kty, crv, x, y } as EcPublicJwk,
    sign: async (signingInput) => ecdsaDerToRaw(await key.sign(signingInput), 32),
  };
}
