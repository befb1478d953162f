import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { decodeChallenge } from '@theqa/device-protocol';
import type { Gateway } from '../gateway';
import { GATEWAY } from '../gateway.token';
import { asLoginProblem } from './login-problems';

/**
 * The wallet's side of a login: it claims the request of a QR code it read (signed by its key), and
 * answers the login challenge with the code the person picked and the PIN proof. The challenge of a
 * push or CIBA login arrives through the device's notifications.
 */
@Controller('devices/logins')
export class DeviceLoginController {
  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {}

  @Post('scan')
  @HttpCode(200)
  scan(@Body() body: unknown) {
    return asLoginProblem(async () => {
      const { payload } = await this.gateway.logins.scan(body);
      return { payload, challenge: decodeChallenge(payload) };
    });
  }

  @Post('answers')
  @HttpCode(200)
  answer(@Body() body: unknown) {
    return asLoginProblem(async () => {
      let result;
      try {
        result = await this.gateway.logins.answer(body);
      } finally {
        // A wrong PIN decides a CIBA login too: its relying party learns at its next poll.
        const decided = await this.decidedCiba(body);
        if (decided) await this.gateway.completeCiba(decided);
      }
      return { status: result.status, denial: result.denial, request: result.request.id };
    });
  }

  private async decidedCiba(body: unknown) {
    try {
      const request = decodeChallenge(String((body as { challenge?: unknown })?.challenge)).login?.request;
      const login = request ? await this.gateway.logins.find(request) : undefined;
      return login?.channel === 'ciba' && (login.status === 'approved' || login.status === 'denied') ? login : undefined;
    } catch {
      return undefined;
    }
  }
}
