import { randomUUID } from 'node:crypto';
import { base64url } from 'jose';
import type { Bilingual } from '@theqa/kernel';
import { ConsentError } from '../consent-error';
import type { ConsentRecord } from '../consent-record';
import { CONSENT_RECEIPT_TYPE, receiptContentOf } from './consent-receipt';
import { publishedJwk, receiptKeyId, type ReceiptKeys, type ReceiptKeySet } from './receipt-keys';

/** The relying parties as receipts name them (a disabled one too: its consents still have receipts). */
export interface ReceiptControllers {
  find(clientId: string): Promise<{ name: Bilingual } | undefined>;
}

export interface ConsentReceiptsDependencies {
  consents: { find(id: string): Promise<ConsentRecord | undefined> };
  controllers: ReceiptControllers;
  keys: ReceiptKeys;
  /** Who issues receipts: the platform (`id` is its public URL). */
  issuer: { id: string; name: Bilingual };
  /** Where the person withdraws a consent (the portal). */
  withdrawalUrl: string;
  /** ISO 3166-1 alpha-2 of the law the consents are given under. */
  jurisdiction: string;
  clock?: () => Date;
}

const CONSENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Consent receipts the person downloads: a compact JWS (ES256) over the consent as it stands when the
 * receipt is made, signed with a key of the platform's key store, verifiable by anyone with the
 * published keys (`publicKeys`, served as a JSON Web Key Set). docs/consent-receipts.md.
 */
export class ConsentReceipts {
  private readonly clock: () => Date;

  constructor(private readonly deps: ConsentReceiptsDependencies) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** The receipt of this person's consent; another person's consent is as unknown as one that does not exist. */
  async issue(consentId: string, civilNumber: string): Promise<{ jws: string; fileName: string }> {
    const record = typeof consentId === 'string' && CONSENT_ID.test(consentId) ? await this.deps.consents.find(consentId) : undefined;
    if (!record || record.civilNumber !== civilNumber) throw new ConsentError('consent-unknown', `no consent with id ${String(consentId).slice(0, 60)}`);
    const controller = await this.deps.controllers.find(record.clientId);
    const issuedAt = this.clock();
    const content = receiptContentOf(record, {
      receiptId: randomUUID(),
      issuedAt,
      issuer: this.deps.issuer,
      controller: { clientId: record.clientId, name: controller?.name ?? { ar: record.clientId, en: record.clientId } },
      jurisdiction: this.deps.jurisdiction,
      withdrawalUrl: this.deps.withdrawalUrl,
    });
    const key = await this.deps.keys.current();
    const header = { alg: 'ES256', typ: CONSENT_RECEIPT_TYPE, kid: await receiptKeyId(key.publicJwk) };
    const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(content))}`;
    const signature = await key.sign(Buffer.from(signingInput, 'ascii'));
    if (signature.length !== 64) throw new Error(`a receipt key answered a ${signature.length}-byte signature; ES256 is 64 bytes r ‖ s`);
    const stamp = issuedAt.toISOString().replace(/[-:]|\.\d{3}/g, '');
    return { jws: `${signingInput}.${base64url.encode(signature)}`, fileName: `consent-receipt-${record.clientId}-${stamp}.jwt` };
  }

  /** The keys receipts are verified with, for `/.well-known/consent-receipt-keys.json`. */
  async publicKeys(): Promise<ReceiptKeySet> {
    return { keys: await Promise.all((await this.deps.keys.published()).map(publishedJwk)) };
  }
}
