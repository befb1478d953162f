import { IntegrationError } from '../errors';
import { isCivilNumber, type CivilNumber } from '@theqa/kernel';
import type { CardStatus, RegistryPerson } from './registry-person';

/**
 * The civil registry (the Royal Oman Police's civil status records), as the platform asks it.
 * Every method may fail with `IntegrationError('registry-unavailable')` (retryable) in production;
 * a malformed civil number is `civil-number-invalid`. "Not known" is an answer, not an error.
 */
export interface CivilRegistry {
  /** The person's record, or `undefined` when the registry knows no such civil number. */
  findPerson(civilNumber: string): Promise<RegistryPerson | undefined>;
  /** The registry's view of one physical card, identified by the serial read from its chip. */
  cardStatus(civilNumber: string, cardSerial: string): Promise<CardStatusReport>;
  /** The photo face matching compares against, or `undefined` when the person is unknown. */
  photo(civilNumber: string): Promise<RegistryPhoto | undefined>;
}

export interface CardStatusReport {
  civilNumber: string;
  cardSerial: string;
  /**
   * `unknown`: the registry issued no card with this serial to this civil number (mistyped, forged,
   * or the person is unknown): enrolment must refuse it like a cancelled card.
   */
  status: CardStatus | 'unknown';
  /** The card's expiry date when the card is known. */
  cardExpiryDate: string | null;
}

export interface RegistryPhoto {
  bytes: Buffer;
  mediaType: string;
  /** Lowercase hex SHA-256 of `bytes` (the `photo.sha256` of the person's record). */
  sha256: string;
}

/** Refuses what no registry would accept, before any lookup (a production adapter checks the same). */
export function assertCivilNumber(civilNumber: unknown): asserts civilNumber is CivilNumber {
  if (!isCivilNumber(civilNumber)) {
    throw new IntegrationError('civil-number-invalid', 'a civil number is 6 to 12 digits');
  }
}
