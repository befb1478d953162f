import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { toPem } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { ProblemException, Problems } from '@theqa/http-shell';
import { asProblem } from './ca-problems';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';
import { IssueCertificateDto } from './issue-certificate.dto';
import { IssuanceApiToken } from './issuance-api-token';

export const ISSUANCE_API_TOKEN = Symbol('ISSUANCE_API_TOKEN');

/** Issuance for trusted callers (enrolment, administrators' tools): the certificate is recorded and audited before it is returned. */
@Controller('ca/certificates')
export class CertificatesController {
  constructor(
    @Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority,
    @Inject(ISSUANCE_API_TOKEN) private readonly token: IssuanceApiToken,
  ) {}

  @Post()
  @HttpCode(201)
  async issue(@Headers('authorization') authorization: string | undefined, @Body() body: IssueCertificateDto) {
    if (!this.token.accepts(authorization)) throw new ProblemException(Problems.unauthorized, 'A valid bearer token is required to issue certificates');
    const cardExpiry = body.card_expiry ? new Date(body.card_expiry) : undefined;
    const issued = await asProblem(() =>
      this.ca.issuer.issueForCitizen({
        csr: body.csr,
        profile: body.profile,
        identity: {
          civilNumber: body.identity.civil_number,
          givenName: body.identity.given_name,
          surname: body.identity.surname,
          fullName: body.identity.full_name ?? `${body.identity.given_name} ${body.identity.surname}`,
        },
        cardExpiry,
        actor: 'api:issuance',
      }),
    );
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
}
