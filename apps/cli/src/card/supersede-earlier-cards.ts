import { CaError } from '@theqa/ca';
import type { IssuedCardCertificate } from '@theqa/persistence';

export interface CardSupersession {
  cards: { ofOtherCards(civilNumber: string, cardSerialNumber: string): Promise<IssuedCardCertificate[]> };
  revoke(request: { serialHex: string; reason: string; actor: string; comment: string }): Promise<unknown>;
}

/**
 * A person holds one ID card: once a new card (another registry serial number) is personalised, the
 * certificates on their earlier cards are revoked, `superseded` (RFC 5280), so that a replaced card —
 * lost, say, and found by someone else — no longer logs in or signs, whatever its printed expiry.
 * Those already revoked stay as they are. Answers the serials revoked now.
 */
export async function supersedeEarlierCards(deps: CardSupersession, holder: { civilNumber: string; cardSerialNumber: string }, actor: string): Promise<string[]> {
  const earlier = await deps.cards.ofOtherCards(holder.civilNumber, holder.cardSerialNumber);
  const revoked: string[] = [];
  for (const certificate of earlier) {
    try {
      await deps.revoke({ serialHex: certificate.certificateSerial, reason: 'superseded', actor, comment: `superseded by the new ID card ${holder.cardSerialNumber}` });
      revoked.push(certificate.certificateSerial);
    } catch (error) {
      // Revoked before (a card reported lost, say): nothing to supersede.
      if (!(error instanceof CaError && error.code === 'revocation-invalid' && error.details.status === 'revoked')) throw error;
    }
  }
  return revoked;
}
