import { toPem, type CitizenCertificateRequest, type IssuedCertificate } from '@theqa/ca';
import type { IssueCertificateDto } from './issue-certificate.dto';

/**
 * What `POST /ca/certificates` asks of the issuer and what it answers. The Nest controller and the
 * node:http fast path (issuance-http.ts) both go through these two functions, so they cannot drift.
 */
export function citizenRequestFrom(body: IssueCertificateDto): CitizenCertificateRequest {
  const { identity } = body;
  return {
    csr: body.csr,
    profile: body.profile,
    identity: {
      civilNumber: identity.civil_number,
      givenName: identity.given_name,
      surname: identity.surname,
      fullName: identity.full_name ?? `${identity.given_name} ${identity.surname}`,
    },
    cardExpiry: body.card_expiry ? new Date(body.card_expiry) : undefined,
    actor: 'api:issuance',
  };
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
