import { IntegrationError, type CivilRegistry, type RegistryPerson } from '@theqa/integrations';
import { externalUnavailable, IdentityError } from '../identity-error';

/** The card a check is about: the one read over NFC at enrolment, the one the registry records at an upgrade. */
export interface CardOnRecord {
  civil_number: string;
  card_serial_number: string;
  card_expiry_date: string;
}

/**
 * Whether a person may hold a digital identity on this card, as enrolment decides it and every later
 * journey that raises what the identity may do decides it again: alive, and a card the registry
 * reports valid that has not passed its expiry date. In this order, with these refusals, wherever
 * it is asked, so that a person meets the same answer at enrolment and at an upgrade.
 */
export async function assertCardHolder(registry: CivilRegistry, person: RegistryPerson, card: CardOnRecord, now: Date): Promise<void> {
  if (person.date_of_death) throw new IdentityError('person-deceased', 'the civil registry records this person as deceased');
  const status = await withRegistry(() => registry.cardStatus(card.civil_number, card.card_serial_number));
  if (status.status !== 'valid') {
    throw new IdentityError('card-not-valid', `the civil registry reports this card as ${status.status}`, { card_status: status.status });
  }
  if (card.card_expiry_date < now.toISOString().slice(0, 10)) throw new IdentityError('card-not-valid', 'the card has expired', { card_status: 'expired' });
}

/** A registry call whose unavailability is the person's to retry, and whose refusal of a civil number is the input's fault. */
export async function withRegistry<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IntegrationError && error.retryable) throw externalUnavailable('the civil registry is unavailable; try again later', error);
    // A civil number no registry accepts came from the card; a registry that refused or garbled its
    // answer is the platform's problem, not the card's, and goes on to the HTTP shell as it is.
    if (error instanceof IntegrationError && error.kind === 'input') throw new IdentityError('card-data-invalid', error.message);
    throw error;
  }
}
