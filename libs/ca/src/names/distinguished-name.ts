import { oid, printableString, sequence, set, utf8String } from '../der/der-writer';
import { OID } from '../oids';
import { CaError } from '../errors/ca-error';
import { isCivilNumber, parseCivilNumber, type CivilNumber } from '@theqa/kernel';

/** One attribute of a Name, in the order it is written (each in its own RDN). */
export interface NameAttribute {
  type: keyof typeof ATTRIBUTE_OID;
  value: string;
}

const ATTRIBUTE_OID = {
  C: OID.countryName,
  O: OID.organizationName,
  CN: OID.commonName,
  givenName: OID.givenName,
  surname: OID.surname,
  serialNumber: OID.serialNumber,
  organizationIdentifier: OID.organizationIdentifier,
} as const;

// X.520 / RFC 5280: countryName and serialNumber are PrintableString; the rest UTF8String.
const PRINTABLE: ReadonlySet<string> = new Set(['C', 'serialNumber']);
const UPPER_BOUND: Record<string, number> = { C: 2, O: 64, CN: 64, givenName: 64, surname: 64, serialNumber: 64, organizationIdentifier: 64 };

export function encodeName(attributes: NameAttribute[]): Buffer {
  return sequence(
    ...attributes.map(({ type, value }) => {
      if (!value || value.length > UPPER_BOUND[type]) {
        throw new CaError('identity-invalid', `${type} must be 1–${UPPER_BOUND[type]} characters`);
      }
      const encoded = PRINTABLE.has(type) ? printableString(value) : utf8String(value);
      return set(sequence(oid(ATTRIBUTE_OID[type]), encoded));
    }),
  );
}

/** The identity data a citizen certificate's subject is built from (never from the CSR). */
export interface CitizenIdentity {
  civilNumber: string;
  givenName: string;
  surname: string;
  /** Latin full name, as on the ID card. */
  fullName: string;
}

const LATIN_NAME = /^[A-Za-z][A-Za-z .'-]*$/;

/** ETSI EN 319 412-1 §5.1.3 natural-person semantics: PNO + country + national number. */
export const SEMANTICS_IDENTIFIER_PREFIX = 'PNOOM-';

export function semanticsIdentifier(civilNumber: string): string {
  return `${SEMANTICS_IDENTIFIER_PREFIX}${civilNumber}`;
}

/** The civil number a citizen subject's serialNumber carries, or undefined when it carries none. */
export function civilNumberOfSemanticsIdentifier(serialNumber: string): CivilNumber | undefined {
  return serialNumber.startsWith(SEMANTICS_IDENTIFIER_PREFIX) ? parseCivilNumber(serialNumber.slice(SEMANTICS_IDENTIFIER_PREFIX.length)) : undefined;
}

export function citizenSubject(identity: CitizenIdentity): NameAttribute[] {
  if (!isCivilNumber(identity.civilNumber)) {
    throw new CaError('identity-invalid', 'civil number must be 6 to 12 digits');
  }
  for (const field of ['givenName', 'surname', 'fullName'] as const) {
    const value = identity[field];
    if (typeof value !== 'string' || !LATIN_NAME.test(value.trim())) {
      throw new CaError('identity-invalid', `${field} must be a name in Latin letters`, { field });
    }
  }
  return [
    { type: 'C', value: 'OM' },
    { type: 'givenName', value: identity.givenName.trim() },
    { type: 'surname', value: identity.surname.trim() },
    { type: 'serialNumber', value: semanticsIdentifier(identity.civilNumber) },
    { type: 'CN', value: identity.fullName.trim().replace(/\s+/g, ' ') },
  ];
}

/**
 * A legal person (an organisation that seals documents) as ETSI EN 319 412-3 names it: the identifier
 * in the form of EN 319 412-1 §5.1.4 — a three-letter scheme (VAT, NTR, PSD, LEI) or "XX:" for a
 * national scheme, the country, a hyphen, the identifier — e.g. `NTROM-1234567`.
 */
export interface OrganizationIdentity {
  identifier: string;
  /** The registered name (Latin or Arabic script). */
  name: string;
  country: string;
}

export const ORGANIZATION_IDENTIFIER = /^(?:(?:VAT|NTR|PSD|LEI)[A-Z]{2}|[A-Z]{2}:[A-Z]{2})-[A-Za-z0-9./:-]{1,48}$/;

export function organizationSubject(organization: OrganizationIdentity): NameAttribute[] {
  if (!ORGANIZATION_IDENTIFIER.test(organization.identifier)) {
    throw new CaError('identity-invalid', 'the organization identifier must follow ETSI EN 319 412-1 (e.g. NTROM-1234567, VATOM-…, LEIXG-…)', { field: 'identifier' });
  }
  if (!/^[A-Z]{2}$/.test(organization.country)) throw new CaError('identity-invalid', 'the country is two capital letters (ISO 3166)', { field: 'country' });
  const name = organization.name.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 64 || /\p{Cc}/u.test(name)) throw new CaError('identity-invalid', 'the organization name must be 1 to 64 printable characters', { field: 'name' });
  return [
    { type: 'C', value: organization.country },
    { type: 'O', value: name },
    { type: 'organizationIdentifier', value: organization.identifier },
    { type: 'CN', value: name },
  ];
}

/** An authority's subject from the hierarchy file: C, O, CN. */
export function authoritySubject(subject: { CN: string; O?: string; C?: string }): NameAttribute[] {
  return [
    ...(subject.C ? [{ type: 'C' as const, value: subject.C }] : []),
    ...(subject.O ? [{ type: 'O' as const, value: subject.O }] : []),
    { type: 'CN', value: subject.CN },
  ];
}

export function describeName(attributes: NameAttribute[]): string {
  return attributes.map(({ type, value }) => `${type}=${value.replace(/([,+=\\])/g, '\\$1')}`).join(', ');
}
