import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import type { CertificateAuthority } from '@theqa/ca-service';
import { ProblemException, Problems } from '@theqa/http-shell';
import { asProblem } from './ca-problems';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';
import { citizenRequestFrom, issuedCertificateBody } from './issuance-contract';
import { IssueCertificateDto } from './issue-certificate.dto';
import { IssuanceApiToken } from './issuance-api-token';

export const ISSUANCE_API_TOKEN = Symbol('ISSUANCE_API_TOKEN');

/**
 * Issuance for trusted callers (enrolment, administrators' tools): the certificate is recorded and
 * audited before it is returned. The platform serves the ordinary request on node:http ahead of Nest
 * (issuance-http.ts, same contract); this controller answers every other one, and any server without it.
 */
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
    const issued = await asProblem(() => this.ca.issueForCitizen(citizenRequestFrom(body)));
    return issuedCertificateBody(issued);
  }
}
