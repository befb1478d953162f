import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
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

  @Post(':serial/challenges')
  @HttpCode(201)
  challenge(@Param('serial') serial: string, @Body() body: { purpose?: unknown }) {
    return asIdentityProblem(async () => {
      const { payload, challenge } = await this.identity.challenges.issue(serial, body?.purpose);
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
      const activity = outcome.decision === 'approve' && outcome.purpose === 'device-status' ? await this.identity.activity.list(identity.civilNumber, 20) : undefined;
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
}
