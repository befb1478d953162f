import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ISSUANCE, issueCertificate, issuedCertificateBody, type IssuanceDependencies } from './issuance-contract';
import { asIssuanceProblem } from './issuance-problems';
import { IssuanceTokenGuard } from './issuance-token.guard';
import { IssueCertificateDto } from './issue-certificate.dto';

/**
 * Issuance for trusted callers (enrolment, administrators' tools): the certificate is recorded and
 * audited before it is returned. The platform serves the ordinary request on node:http ahead of Nest
 * (issuance-http.ts, same contract); this controller answers every other one, and any server without it.
 */
@Controller('ca/certificates')
@UseGuards(IssuanceTokenGuard)
export class CertificatesController {
  constructor(@Inject(ISSUANCE) private readonly issuance: IssuanceDependencies) {}

  @Post()
  @HttpCode(201)
  async issue(@Body() body: IssueCertificateDto) {
    return issuedCertificateBody(await asIssuanceProblem(() => issueCertificate(this.issuance, body)));
  }
}
