import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { CertificateAuthority } from '@theqa/ca-service';
import { ProblemException, Problems } from '@theqa/http-shell';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';

const FILE = /^([a-z][a-z0-9-]{1,62})\.crl$/;

/** Each CA's latest CRL at its distribution point URL (`/ca/crl/<name>.crl`, DER). */
@Controller('ca/crl')
export class CrlController {
  constructor(@Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority) {}

  @Get(':file')
  async crl(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const name = FILE.exec(file)?.[1];
    const issuer = name && this.ca.crls.crlIssuers().find((a) => a.name === name);
    if (!issuer) throw new ProblemException(Problems.notFound, `No CRL is published at ${file}`);
    const crl = (await this.ca.crls.latest(issuer.name)) ?? (await this.ca.crls.publish(issuer.name));
    const maxAge = Math.max(0, Math.floor((crl.nextUpdate.getTime() - Date.now()) / 1000 / 2));
    res
      .type('application/pkix-crl')
      .setHeader('Cache-Control', `public, max-age=${maxAge}`)
      .setHeader('Last-Modified', crl.thisUpdate.toUTCString())
      .send(crl.der);
  }
}
