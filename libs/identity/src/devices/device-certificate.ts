import { CaError, type CitizenIdentity } from '@theqa/ca';
import type { CivilRegistry, RegistryPerson } from '@theqa/integrations';
import { IdentityError } from '../identity-error';
import type { DeviceCertificates } from '../ports';

export type IssuedDeviceCertificate = Awaited<ReturnType<DeviceCertificates['issue']>>;

/** A CA port that certifies a person's key (the device's authentication key, a signing key). */
interface PersonCertifier<Issued> {
  issue(input: { csr: string; identity: CitizenIdentity; actor: string }): Promise<Issued>;
}

/** The certificate for a CSR, the subject from the registry record; CSR faults become `csr-invalid`. */
export async function issuePersonCertificate<Issued>(certifier: PersonCertifier<Issued>, csr: unknown, person: RegistryPerson, actor: string): Promise<Issued> {
  if (typeof csr !== 'string' || csr.length > 16_384) throw new IdentityError('csr-invalid', 'csr must be a PKCS#10 request (PEM or base64 DER)');
  try {
    return await certifier.issue({
      csr,
      identity: { civilNumber: person.civil_number, givenName: person.given_name_en, surname: person.family_name_en, fullName: person.full_name_en },
      actor,
    });
  } catch (error) {
    if (error instanceof CaError && error.code.startsWith('csr-')) throw new IdentityError('csr-invalid', error.message, { ca_code: error.code });
    throw error;
  }
}

/** The device's authentication certificate. */
export function issueDeviceCertificate(certificates: DeviceCertificates, csr: unknown, person: RegistryPerson, actor: string): Promise<IssuedDeviceCertificate> {
  return issuePersonCertificate(certificates, csr, person, actor);
}

/** The registry's record of a person who may hold a digital identity: known and alive. */
export async function livingPerson(registry: CivilRegistry, civilNumber: string): Promise<RegistryPerson> {
  const person = await registry.findPerson(civilNumber);
  if (!person) throw new IdentityError('person-unknown', 'the civil registry no longer knows this person');
  if (person.date_of_death) throw new IdentityError('person-deceased', 'the civil registry records this person as deceased');
  return person;
}
