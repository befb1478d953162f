import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CertificateAuthority } from '@theqa/ca-service';
import { ProblemException, Problems } from '@theqa/http-shell';
import { CERTIFICATE_AUTHORITY } from './certificate-authority.token';

/** RFC 3161 over HTTP (§3.4): application/timestamp-query in, application/timestamp-reply out. */
@Controller('ca/tsa')
export class TsaController {
  constructor(@Inject(CERTIFICATE_AUTHORITY) private readonly ca: CertificateAuthority) {}

  @Post()
  @HttpCode(200)
  async timeStamp(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!req.is('application/timestamp-query') || !Buffer.isBuffer(req.body)) {
      throw new ProblemException(Problems.unsupportedMediaType, 'Time-stamp requests are sent as application/timestamp-query');
    }
    const reply = await this.ca.timeStamp(req.body, `ip:${req.ip}`);
    res.type('application/timestamp-reply').send(reply);
  }
}
