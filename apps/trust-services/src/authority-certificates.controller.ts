import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { toPem, CaError } from '@theqa/ca';
import type { CertificateAuthority } from '@theqa/ca-service';
import { ProblemException, Problems } from '@theqa/http-shell';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';
import { caProblem } from './ca-problems';

const FILE = /^([a-z][a-z0-9-]{1,62})\.(pem|crt)$/;

/** The hierarchy's public certificates: `<name>.pem` (PEM) and `<name>.crt` (DER, what AIA caIssuers points to). */
@Controller('ca/certs')
export class AuthorityCertificatesController {
  constructor(@Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority) {}

  @Get()
  list() {
    return this.ca.authorities.all().map((a) => ({ name: a.name, pem: `/ca/certs/${a.name}.pem`, der: `/ca/certs/${a.name}.crt`, not_after: a.notAfter.toISOString() }));
  }

  @Get(':file')
  @Header('Cache-Control', 'public, max-age=3600')
  certificate(@Param('file') file: string, @Res() res: Response): void {
    const match = FILE.exec(file);
    if (!match) throw new ProblemException(Problems.notFound, 'Certificates are served as <name>.pem or <name>.crt');
    let der: Buffer;
    try {
      der = this.ca.authorities.get(match[1]).certificateDer;
    } catch (error) {
      throw error instanceof CaError ? caProblem(error) : error;
    }
    if (match[2] === 'pem') res.type('application/x-pem-file').send(toPem(der));
    else res.type('application/pkix-cert').send(der);
  }
}
