import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { decodeChallenge } from '@theqa/device-protocol';
import { IdentityError } from '@theqa/identity';
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
      const answered = await this.gateway.logins.answer(body).then(
        (result) => ({ result }),
        (failure: unknown) => ({ failure }),
      );
      // This answer decided the login (a wrong PIN decides it too): a CIBA relying party learns the
      // outcome at its next poll. A replay decides nothing and completes nothing.
      const decided = 'result' in answered ? answered.result.request : decidedByWrongPin(answered.failure) ? await this.decidedCiba(body) : undefined;
      if (decided?.channel === 'ciba') await this.gateway.completeCiba(decided);
      if ('failure' in answered) throw answered.failure;
      const { result } = answered;
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

function decidedByWrongPin(failure: unknown): boolean {
  return failure instanceof IdentityError && (failure.code === 'pin-wrong' || failure.code === 'pin-blocked');
}
