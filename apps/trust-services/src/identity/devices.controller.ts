import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { isDeviceSerial, toBase64url, DEVICE_PROTOCOL_VERSION, type UnsealResult } from '@theqa/device-protocol';
import { authorizeDeviceRead } from '@theqa/identity';
import { ProblemException, Problems } from '@theqa/http-shell';
import { callerOf } from './caller';
import { asIdentityProblem } from './identity-problems';
import type { IdentityServices } from './identity-services';
import { IDENTITY_SERVICES } from './identity-services.token';

/**
 * A device asks for a challenge, signs it, and sends the answer. What the answer unlocks depends on the
 * challenge's purpose: the identity's status and devices, a PIN check, a PIN change.
 */
@Controller('devices')
export class DevicesController {
  constructor(@Inject(IDENTITY_SERVICES) private readonly identity: IdentityServices) {}

  /**
   * The same answer for any well-formed serial, registered, removed or not (DeviceChallenges.issue);
   * limited per serial and per caller's address (429 with Retry-After).
   */
  @Post(':serial/challenges')
  @HttpCode(201)
  challenge(@Param('serial') serial: string, @Body() body: { purpose?: unknown }, @Req() req: Request) {
    return asIdentityProblem(async () => {
      const { payload, challenge } = await this.identity.challenges.request(callerOf(req), serial, body?.purpose);
      return { payload, challenge };
    });
  }

  @Post('answers')
  @HttpCode(200)
  answer(@Body() body: unknown) {
    return asIdentityProblem(async () => {
      const outcome = await this.identity.challenges.answer(body);
      const { identity, device } = outcome;
      const devices = await this.identity.identities.devices(identity.civilNumber);
      const activity = outcome.decision === 'approve' && outcome.purpose === 'device-status' ? await this.identity.activity.list(identity.civilNumber, { limit: 20 }) : undefined;
      return {
        purpose: outcome.purpose,
        decision: outcome.decision,
        device: device.serial,
        identity: {
          civil_number: identity.civilNumber,
          assurance: identity.assurance,
          status: identity.status,
          pin: identity.pinBlockedAt ? 'blocked' : 'active',
          pin_failures: identity.pinFailures,
        },
        devices:
          outcome.decision === 'approve'
            ? devices.map((d) => ({ serial: d.serial, platform: d.platform, name: d.name, status: d.status, certificate: d.certificateSerial, added_at: d.createdAt.toISOString() }))
            : undefined,
        activity: activity?.map((a) => ({ at: a.occurredAt.toISOString(), event: a.event, device: a.device, details: a.details })),
      };
    });
  }

  /**
   * Server-assisted unsealing: an `unseal` answer signed by the device's unseal key, its PIN counted
   * like any other; a right PIN earns the secret that opens the wallet's sealed device key.
   */
  @Post('unseal')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  unseal(@Body() body: unknown): Promise<UnsealResult> {
    return asIdentityProblem(async () => {
      const { device, secret } = await this.identity.challenges.unseal(body);
      return { v: DEVICE_PROTOCOL_VERSION, device: device.serial, unsealing_secret: toBase64url(secret) };
    });
  }

  /**
   * The wallet's push channel (long-poll): notifications newer than `after`, waiting up to `wait`
   * seconds (≤ 25) for one to arrive. Rows in PostgreSQL, so any instance can answer. Only the device
   * itself may read them (a signature by its key over device, after and time: see device-read.ts).
   */
  @Get(':serial/notifications')
  async notifications(
    @Param('serial') serial: string,
    @Query('after') after: string | undefined,
    @Query('wait') wait: string | undefined,
    @Query('at') at: string | undefined,
    @Query('signature') signature: string | undefined,
    @Req() req: Request,
  ) {
    if (!isDeviceSerial(serial)) throw new ProblemException(Problems.badRequest, 'the device serial number looks like THQ-7K3M-9PXD');
    const since = after === undefined ? 0 : Number(after);
    const seconds = wait === undefined ? 0 : Number(wait);
    if (!Number.isSafeInteger(since) || since < 0) throw new ProblemException(Problems.badRequest, 'after must be a notification id (a whole number)');
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 25) throw new ProblemException(Problems.badRequest, 'wait must be between 0 and 25 seconds');
    await asIdentityProblem(() => authorizeDeviceRead(this.identity.identities, { device: serial, after: after ?? '0', at, signature }));
    const deadline = Date.now() + seconds * 1000;
    let closed = false;
    req.on('close', () => (closed = true));
    for (;;) {
      const messages = await this.identity.push.pending(serial, since);
      if (messages.length || Date.now() >= deadline || closed) return { notifications: messages };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
