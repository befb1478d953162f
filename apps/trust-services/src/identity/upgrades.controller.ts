import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { asIdentityProblem } from './identity-problems';
import type { IdentityServices } from './identity-services';
import { IDENTITY_SERVICES } from './identity-services.token';
import { journeyToken } from './journey-token';

type Json = Record<string, unknown>;

/**
 * The wallet's side of the upgrade to HIGH, one step per route: the signed scan of the portal's QR
 * code (which earns the journey token), face, SMS code, terms, and the signing key. The order, the
 * deadlines and the limits are the journey's (libs/identity Upgrades); this shell reads the token and
 * maps errors to problems. The portal's side (begin, status, abandon) is a library call, not a route.
 */
@Controller('identity/upgrades')
export class UpgradesController {
  constructor(@Inject(IDENTITY_SERVICES) private readonly identity: IdentityServices) {}

  @Post('claim')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  claim(@Body() body: Json) {
    return asIdentityProblem(() => this.identity.upgrades.claim(body ?? {}));
  }

  @Get('current')
  @Header('Cache-Control', 'no-store')
  current(@Headers('authorization') authorization: string | undefined) {
    return asIdentityProblem(() => this.identity.upgrades.current(journeyToken(authorization)));
  }

  @Post('current/face')
  @HttpCode(200)
  face(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.upgrades.face(journeyToken(authorization), body ?? {}));
  }

  @Post('current/otp')
  @HttpCode(200)
  code(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.upgrades.code(journeyToken(authorization), body ?? {}));
  }

  @Post('current/otp/resend')
  @HttpCode(200)
  resend(@Headers('authorization') authorization: string | undefined) {
    return asIdentityProblem(() => this.identity.upgrades.resendCode(journeyToken(authorization)));
  }

  @Post('current/terms')
  @HttpCode(200)
  terms(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.upgrades.terms(journeyToken(authorization), body ?? {}));
  }

  @Post('current/signing-key')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  signingKey(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.upgrades.signingKey(journeyToken(authorization), body ?? {}));
  }
}
