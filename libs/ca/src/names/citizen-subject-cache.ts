import { citizenSubject, describeName, encodeName, type CitizenIdentity, type NameAttribute } from './distinguished-name';

/** A citizen's subject in the three forms issuance needs: attributes (lint), DER (certificate), text (ledger, audit). */
export interface CitizenSubject {
  attributes: NameAttribute[];
  der: Buffer;
  description: string;
}

/**
 * Subjects of recently served identities. A citizen is issued several certificates in a row (device,
 * card authentication, signing) and a subject is a pure function of the identity fields, so building,
 * validating and encoding it once is enough. Bounded, least recently used out first.
 */
export class CitizenSubjectCache {
  private readonly entries = new Map<string, CitizenSubject>();

  constructor(private readonly capacity = 4096) {}

  get(identity: CitizenIdentity): CitizenSubject {
    const { civilNumber, givenName, surname, fullName } = identity;
    // Anything but four strings is left to citizenSubject to refuse, uncached.
    if (typeof civilNumber !== 'string' || typeof givenName !== 'string' || typeof surname !== 'string' || typeof fullName !== 'string') {
      return build(identity);
    }
    // \u0000 cannot occur in a valid field (citizenSubject refuses it), so keys cannot be forged by shifting text between fields.
    const key = `${civilNumber}\u0000${givenName}\u0000${surname}\u0000${fullName}`;
    let subject = this.entries.get(key);
    if (subject) {
      this.entries.delete(key);
    } else {
      subject = build(identity);
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, subject);
    return subject;
  }
}

function build(identity: CitizenIdentity): CitizenSubject {
  const attributes = citizenSubject(identity);
  return { attributes, der: encodeName(attributes), description: describeName(attributes) };
}
