import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { isDeviceSerial } from '@theqa/device-protocol';
import { ProblemException, Problems } from '@theqa/http-shell';
import { authorizeDeviceRead } from '@theqa/identity';
import { SIGNING_APP, type SigningAppDependencies } from './signing-app-dependencies';
import { asSigningProblem } from './signing-problems';

/** What a device signs to read its signing requests (device-read.ts's `after`, kept apart from notifications). */
export const SIGNING_REQUESTS_READ = 'signing-requests';
export const signingDocumentRead = (id: string) => `signing-request:${id}`;

/**
 * The citizen's side: the wallet's "signing requests" (each with its signing challenge), the document
 * itself (the web wallet renders its first page), and the device's answer: PIN and document signature.
 */
@Controller('sign/devices')
export class DeviceSigningController {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  @Get(':serial/requests')
  requests(@Param('serial') serial: string, @Query('at') at: string | undefined, @Query('signature') signature: string | undefined) {
    return asSigningProblem(async () => {
      this.checkSerial(serial);
      await authorizeDeviceRead(this.app.identities, { device: serial, after: SIGNING_REQUESTS_READ, at, signature });
      const pending = await this.app.requests.pendingForDevice(serial);
      return {
        requests: pending.map(({ request, challenge }) => ({
          id: request.id,
          relying_party: request.relyingParty,
          document: request.document,
          reason: request.reason,
          code: request.code,
          level: request.level,
          requested_at: request.createdAt.toISOString(),
          expires_at: request.expiresAt.toISOString(),
          challenge,
        })),
      };
    });
  }

  @Get(':serial/requests/:id/document')
  async document(@Param('serial') serial: string, @Param('id') id: string, @Query('at') at: string | undefined, @Query('signature') signature: string | undefined, @Res() res: Response) {
    const pdf = await asSigningProblem(async () => {
      this.checkSerial(serial);
      await authorizeDeviceRead(this.app.identities, { device: serial, after: signingDocumentRead(id), at, signature });
      return this.app.requests.documentForDevice(serial, id);
    });
    res.type('application/pdf').setHeader('Cache-Control', 'no-store').send(pdf);
  }

  /** The answer to a signing challenge: approve (PIN proof and document signature) or deny. */
  @Post('answers')
  @HttpCode(200)
  answer(@Body() body: unknown) {
    return asSigningProblem(async () => {
      const request = await this.app.requests.answer(body);
      return { id: request.id, status: request.status, signed_sha256: request.signedSha256 };
    });
  }

  private checkSerial(serial: string): void {
    if (!isDeviceSerial(serial)) throw new ProblemException(Problems.badRequest, 'the device serial number looks like THQ-7K3M-9PXD');
  }
}
