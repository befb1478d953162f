import type { CitizenIdentity } from '@theqa/ca';
import type { CivilRegistry } from '@theqa/integrations';
import { isCivilNumber } from '@theqa/kernel';
import { IdentityError } from '../identity-error';

/** What a caller asserts about a certificate's holder: the civil number, and names it may give. */
export interface ClaimedHolder {
  civilNumber: string;
  givenName?: string;
  surname?: string;
  fullName?: string;
  /** For card profiles: a calendar date (YYYY-MM-DD) or an ISO 8601 time; by default the registry's. */
  cardExpiry?: string;
}

export interface CertificateHolder {
  /** The subject's identity data, from the civil registry whenever it holds the person. */
  identity: CitizenIdentity;
  cardExpiry?: Date;
}

/**
 * Whom the registry does not hold: `refuse` (the issuance API: a national CA certifies only persons of
 * the civil registry), or `named` (an operator's `ca issue`, e.g. for a test certificate, who must then
 * give the names).
 */
export type UnregisteredHolders = 'refuse' | 'named';

export type HolderName = 'givenName' | 'surname' | 'fullName';

/** Names given that the civil registry records otherwise; `conflicts` keeps what it records, for an operator. */
export class HolderNamesDisagree extends IdentityError {
  constructor(
    civilNumber: string,
    readonly conflicts: Array<{ name: HolderName; recorded: string }>,
  ) {
    super('names-disagree', `the civil registry records other names for ${civilNumber} (${conflicts.map((c) => c.name).join(', ')})`, {
      names: conflicts.map((c) => c.name),
    });
    this.name = 'HolderNamesDisagree';
  }
}

/**
 * The holder of a citizen certificate as the civil registry knows them, for every way a certificate
 * is asked for (the issuance API, `npx theqa ca issue`): a certificate's subject never departs from
 * identity data. Names given must agree with the registry's Latin names; names are taken as given
 * only for a person the registry does not hold, and only when `unregistered` is `named`.
 * Refusals: `person-unknown`, `person-deceased`, `names-disagree` (HolderNamesDisagree).
 */
export async function certificateHolder(registry: CivilRegistry, claimed: ClaimedHolder, unregistered: UnregisteredHolders): Promise<CertificateHolder> {
  const person = isCivilNumber(claimed.civilNumber) ? await registry.findPerson(claimed.civilNumber) : undefined;
  if (person) {
    if (person.date_of_death) throw new IdentityError('person-deceased', `the civil registry records ${claimed.civilNumber} as deceased`);
    const recorded: Record<HolderName, string> = { givenName: person.given_name_en, surname: person.family_name_en, fullName: person.full_name_en };
    const conflicts = (Object.keys(recorded) as HolderName[])
      .filter((name) => claimed[name] !== undefined && claimed[name] !== recorded[name])
      .map((name) => ({ name, recorded: recorded[name] }));
    if (conflicts.length) throw new HolderNamesDisagree(claimed.civilNumber, conflicts);
    return {
      identity: { civilNumber: person.civil_number, ...recorded },
      cardExpiry: expiryOf(claimed.cardExpiry ?? person.card_expiry_date),
    };
  }
  if (unregistered === 'refuse') throw new IdentityError('person-unknown', `the civil registry does not know ${claimed.civilNumber}`);
  const { givenName, surname } = claimed;
  if (!givenName || !surname) throw new IdentityError('request-invalid', `the civil registry does not know ${claimed.civilNumber}: the given name and the surname are needed`);
  return {
    identity: { civilNumber: claimed.civilNumber, givenName, surname, fullName: claimed.fullName ?? `${givenName} ${surname}` },
    cardExpiry: expiryOf(claimed.cardExpiry),
  };
}

/** A card is valid through the whole of its expiry date (UTC); a full time is taken as it is. */
function expiryOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59Z` : value);
}
