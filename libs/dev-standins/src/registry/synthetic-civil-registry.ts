import { assertCivilNumber, parseDate, type CardStatusReport, type CivilRegistry, type RegistryPerson, type RegistryPhoto } from '@theqa/integrations';
import { SeededRandom } from '../seeded-random';
import { startOfCurrentYear } from './reference-date';
import { draftCitizen } from './citizen-draft';
import { Population, completeRecord, type SyntheticRecord } from './population';
import { draftResident } from './resident-draft';
import { addSpecialPersons } from './special-persons';

export interface SyntheticRegistryOptions {
  /** Same seed (and reference date), same persons, byte for byte. */
  seed?: string;
  /** How many persons in all, the special ones included (at least those). */
  count?: number;
  /**
   * `YYYY-MM-DD` that validity dates are drawn around. Default: 1 January of the current UTC year, so
   * the data stays the same all year and never decays: every card other than the special persons' is
   * valid at least until a year after it, the expired card ended 40 days before it.
   */
  referenceDate?: string;
}

export const DEFAULT_REGISTRY_SEED = 'theqa-synthetic-registry/1';
export const DEFAULT_REGISTRY_SIZE = 200;
// Citizens are about two thirds of the synthetic population, the rest residents.
const CITIZEN_SHARE = 0.68;

/**
 * The dev civil registry: a deterministic synthetic population with the special persons of
 * `TEST_PERSONS`, answering like the real one (copies, never its own records; unknown is `undefined`).
 */
export class SyntheticCivilRegistry implements CivilRegistry {
  readonly seed: string;
  readonly referenceDate: string;
  private readonly records: ReadonlyMap<string, SyntheticRecord>;

  constructor(options: SyntheticRegistryOptions = {}) {
    this.seed = options.seed ?? DEFAULT_REGISTRY_SEED;
    this.referenceDate = options.referenceDate ?? startOfCurrentYear();
    parseDate(this.referenceDate);
    const population = new Population(this.seed, this.referenceDate);
    addSpecialPersons(population);
    const count = options.count ?? DEFAULT_REGISTRY_SIZE;
    for (let i = 0; population.drafts.length < count; i++) {
      const random = new SeededRandom(`${this.seed}:person:${i}`);
      population.add(random.chance(CITIZEN_SHARE) ? draftCitizen(population, random) : draftResident(population, random));
    }
    const records = population.drafts.map((draft) => completeRecord(draft, this.seed));
    records.sort((a, b) => a.person.civil_number.localeCompare(b.person.civil_number));
    this.records = new Map(records.map((record) => [record.person.civil_number, record]));
  }

  async findPerson(civilNumber: string): Promise<RegistryPerson | undefined> {
    assertCivilNumber(civilNumber);
    const record = this.records.get(civilNumber);
    return record && structuredClone(record.person);
  }

  async cardStatus(civilNumber: string, cardSerial: string): Promise<CardStatusReport> {
    assertCivilNumber(civilNumber);
    const person = this.records.get(civilNumber)?.person;
    const known = person !== undefined && person.card_serial_number === cardSerial;
    return {
      civilNumber,
      cardSerial,
      status: known ? person.card_status : 'unknown',
      cardExpiryDate: known ? person.card_expiry_date : null,
    };
  }

  async photo(civilNumber: string): Promise<RegistryPhoto | undefined> {
    assertCivilNumber(civilNumber);
    const record = this.records.get(civilNumber);
    return record && { bytes: Buffer.from(record.photo), mediaType: record.person.photo.media_type, sha256: record.person.photo.sha256 };
  }

  /** Every person, by civil number (for `npx theqa registry list` and tests). */
  listPersons(): RegistryPerson[] {
    return [...this.records.values()].map((record) => structuredClone(record.person));
  }

  /** Every civil number, in order. */
  civilNumbers(): string[] {
    return [...this.records.keys()];
  }

  /** A person's photo without a round trip: for dev tools that play the citizen (selfies, card reads). */
  photoBytes(civilNumber: string): Buffer | undefined {
    const record = this.records.get(civilNumber);
    return record && Buffer.from(record.photo);
  }
}
