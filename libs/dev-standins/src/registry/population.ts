import { createHash } from 'node:crypto';
import { drawAvatar, type AvatarTraits } from '../photo/avatar';
import { encodePng } from '../photo/png';
import type { SeededRandom } from '../seeded-random';
import { CONSENT_ATTRIBUTES, ENROLMENT_FIELDS, type RegistryPerson } from '@theqa/integrations';

/** A person before their photo is drawn: the photo's hash is part of the record. */
export type PersonDraft = Omit<RegistryPerson, 'photo'> & { avatar: Omit<AvatarTraits, 'seed'> };

export interface SyntheticRecord {
  person: RegistryPerson;
  photo: Buffer;
}

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * The persons drafted so far and every identifier already given out, so that civil numbers, phone
 * numbers, card serials, passports and emails stay unique however the draws fall.
 */
export class Population {
  readonly drafts: PersonDraft[] = [];
  private readonly taken = new Set<string>();

  constructor(
    readonly seed: string,
    readonly referenceDate: string,
  ) {}

  get referenceYear(): number {
    return Number(this.referenceDate.slice(0, 4));
  }

  /** A fixed identifier of a special person; two persons claiming the same one is a bug. */
  claim(kind: string, value: string): string {
    if (this.taken.has(`${kind}:${value}`)) throw new Error(`synthetic registry: ${kind} ${value} given twice`);
    this.taken.add(`${kind}:${value}`);
    return value;
  }

  private unique(kind: string, make: () => string): string {
    for (;;) {
      const value = make();
      if (!this.taken.has(`${kind}:${value}`)) return this.claim(kind, value);
    }
  }

  // Drawn above 20000000 so that no drawn civil number meets the special persons' fixed ones.
  civilNumber(random: SeededRandom): string {
    return this.unique('civil number', () => String(random.int(20_000_000, 99_999_999)));
  }

  phone(random: SeededRandom): string {
    return this.unique('phone', () => `+9689${random.digits(7)}`);
  }

  cardSerial(random: SeededRandom): string {
    return this.unique('card serial', () => `${random.pick([...LETTERS])}${random.pick([...LETTERS])}${random.digits(7)}`);
  }

  /** `shape`: `A` a capital letter, `9` a digit. */
  passport(random: SeededRandom, shape: string): string {
    return this.unique('passport', () => [...shape].map((c) => (c === 'A' ? random.pick([...LETTERS]) : random.digits(1))).join(''));
  }

  email(random: SeededRandom, given: string, family: string): string {
    const local = `${given}.${family}`.toLowerCase().replace(/[^a-z.]/g, '');
    const domain = random.pick(['example.com', 'example.net', 'example.org']);
    let attempt = 0;
    return this.unique('email', () => `${local}${attempt++ === 0 ? '' : attempt}@${domain}`);
  }

  add(draft: PersonDraft): PersonDraft {
    this.drafts.push(draft);
    return draft;
  }

  /** Living citizens drafted so far: who can sponsor a household's driver or domestic worker. */
  householdSponsors(): PersonDraft[] {
    return this.drafts.filter((d) => d.residency === 'citizen' && d.date_of_death === null);
  }
}

/** Draws the photo and lays the record out in the guide's attribute order, then the enrolment fields. */
export function completeRecord(draft: PersonDraft, seed: string): SyntheticRecord {
  const photo = encodePng(drawAvatar({ seed: `${seed}:photo:${draft.civil_number}`, ...draft.avatar }));
  const withPhoto: RegistryPerson = {
    ...draft,
    photo: { media_type: 'image/png', sha256: createHash('sha256').update(photo).digest('hex') },
  };
  const person = Object.fromEntries(
    [...CONSENT_ATTRIBUTES, ...ENROLMENT_FIELDS].map((key) => [key, withPhoto[key]]),
  ) as unknown as RegistryPerson;
  return { person, photo };
}
