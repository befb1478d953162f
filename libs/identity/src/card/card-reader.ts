import { toBase64url, SIGNED_CARD_DATA_FORMAT, type SignedCardData } from '@theqa/device-protocol';
import { cardDataGroup, type RegistryPerson } from '@theqa/integrations';

/**
 * The development stand-in for a card's chip: the card data of a registry person, signed with the
 * Card Data Signer key the way a card issuer signs the chip's data at personalisation.
 */
export async function readCardOf(person: RegistryPerson, signer: { sign(data: Buffer): Promise<Buffer>; certificateDer: Buffer }): Promise<SignedCardData> {
  const data = cardDataGroup(person);
  return {
    format: SIGNED_CARD_DATA_FORMAT,
    data: toBase64url(data),
    signature: toBase64url(await signer.sign(data)),
    signer_certificate: toBase64url(signer.certificateDer),
  };
}
