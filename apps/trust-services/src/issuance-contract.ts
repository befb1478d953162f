import { toPem, type IssuedCertificate } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { certificateHolder } from '@theqa/identity';
import type { CivilRegistry } from '@theqa/integrations';
import type { IssueCertificateDto } from './issue-certificate.dto';

/** Injection token of the IssuanceDependencies. */
export const ISSUANCE = Symbol('ISSUANCE');

/** What issuance over HTTP stands on: the CA, and the civil registry every subject comes from. */
export interface IssuanceDependencies {
  ca: CertificateAuthority;
  registry: CivilRegistry;
}

/**
 * What `POST /ca/certificates` asks of the issuer and what it answers. The Nest controller and the
 * node:http fast path (issuance-http.ts) both go through these two functions, so they cannot drift.
 * The subject is the civil registry's record of the person (as for `npx theqa ca issue`): names the
 * caller gives must agree with it, and a person the registry does not hold gets no certificate.
 */
export async function issueCertificate({ ca, registry }: IssuanceDependencies, body: IssueCertificateDto): Promise<IssuedCertificate> {
  const { identity } = body;
  // The validation pipe lets optional fields be null: null gives no name, as absence does.
  const holder = await certificateHolder(
    registry,
    { civilNumber: identity.civil_number, givenName: identity.given_name ?? undefined, surname: identity.surname ?? undefined, fullName: identity.full_name ?? undefined, cardExpiry: body.card_expiry ?? undefined },
    'refuse',
  );
  return ca.issueForCitizen({ csr: body.csr, profile: body.profile, identity: holder.identity, cardExpiry: holder.cardExpiry, actor: 'api:issuance' });
}

export function issuedCertificateBody(issued: IssuedCertificate) {
  return {
    serial: issued.serialHex,
    issuer: issued.issuer,
    profile: issued.profile,
    subject: issued.subject,
    not_before: issued.notBefore.toISOString(),
    not_after: issued.notAfter.toISOString(),
    certificate: toPem(issued.der),
  };
}
