import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { ConsentReceipts, ReceiptKeySet } from '@theqa/consent';

/** Nest injection token of the consent receipts (the composition root's ConsentReceipts). */
export const CONSENT_RECEIPTS = Symbol('theqa.consent-receipts');

/**
 * The keys consent receipts are verified with, for anyone holding a receipt (docs/consent-receipts.md):
 * public, cacheable, readable from any origin. A rotated key stays listed, so older receipts verify.
 */
@Controller('.well-known')
export class ConsentReceiptKeysController {
  constructor(@Inject(CONSENT_RECEIPTS) private readonly receipts: Pick<ConsentReceipts, 'publicKeys'>) {}

  @Get('consent-receipt-keys.json')
  @Header('content-type', 'application/jwk-set+json')
  @Header('cache-control', 'public, max-age=3600')
  @Header('access-control-allow-origin', '*')
  keys(): Promise<ReceiptKeySet> {
    return this.receipts.publicKeys();
  }
}
