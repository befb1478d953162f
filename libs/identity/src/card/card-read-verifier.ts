import { X509Certificate, verify } from 'node:crypto';
import { fromBase64url, ProtocolFormatError, readSignedCardData } from '@theqa/device-protocol';
import { IntegrationError, cardDataMismatches, parseCardDataGroup, type CardData, type CivilRegistry, type RegistryPerson } from '@theqa/integrations';
import { IdentityError } from '../identity-error';
import { assertCardHolder, withRegistry } from './card-validity';

export interface VerifiedCard {
  card: CardData;
  person: RegistryPerson;
}

/**
 * Accepts an NFC read of an ID card only when all of these hold, checked in this order so that the
 * cheapest forgery is refused first: well-formed; signed by the platform's Card Data Signer (the very
 * certificate, currently valid); canonical card data; a person the registry knows, alive, whose card
 * with this serial the registry reports valid; and card data equal to the registry's record.
 */
export async function verifyCardRead(input: unknown, signerCertificateDer: Buffer, registry: CivilRegistry, now: Date): Promise<VerifiedCard> {
  const signed = readShape(input);
  const data = Buffer.from(fromBase64url(signed.data));
  checkSigner(Buffer.from(fromBase64url(signed.signer_certificate)), signerCertificateDer, now);
  checkSignature(data, Buffer.from(fromBase64url(signed.signature)), signerCertificateDer);
  const card = readCardData(data);
  const person = await withRegistry(() => registry.findPerson(card.civil_number));
  if (!person) throw new IdentityError('person-unknown', 'the civil registry knows no person with this civil number');
  await assertCardHolder(registry, person, card, now);
  const mismatches = cardDataMismatches(card, person);
  if (mismatches.length) throw new IdentityError('card-data-invalid', `the card data differs from the civil registry in: ${mismatches.join(', ')}`);
  return { card, person };
}

function readShape(input: unknown) {
  try {
    return readSignedCardData(input);
  } catch (error) {
    throw new IdentityError('card-data-invalid', (error as ProtocolFormatError).message);
  }
}

function checkSigner(presented: Buffer, expected: Buffer, now: Date): void {
  if (!presented.equals(expected)) throw new IdentityError('card-signature-invalid', 'the card data is not signed by the Card Data Signer');
  const certificate = new X509Certificate(expected);
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw new IdentityError('card-signature-invalid', 'the Card Data Signer certificate is not valid now');
  }
}

function checkSignature(data: Buffer, signature: Buffer, signerCertificateDer: Buffer): void {
  const key = new X509Certificate(signerCertificateDer).publicKey;
  let valid = false;
  try {
    valid = verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new IdentityError('card-signature-invalid', 'the card data signature does not verify: the data was altered or not signed by the card issuer');
}

function readCardData(data: Buffer): CardData {
  try {
    return parseCardDataGroup(data);
  } catch (error) {
    if (error instanceof IntegrationError) throw new IdentityError('card-data-invalid', error.message);
    throw error;
  }
}
