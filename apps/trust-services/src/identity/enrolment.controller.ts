import { Body, Controller, Get, Header, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CURRENT_TERMS } from '@theqa/identity';
import { callerOf } from './caller';
import { asIdentityProblem } from './identity-problems';
import type { IdentityServices } from './identity-services';
import { IDENTITY_SERVICES } from './identity-services.token';
import { journeyToken } from './journey-token';

type Json = Record<string, unknown>;

/**
 * Registration of a device, one step per route. The order, the deadlines and the attempt limits are
 * the journey's (libs/identity), as are the limits across journeys (ABUSE_LIMITS); this shell only
 * reads the token and the caller's address, and maps errors to problems.
 */
@Controller('enrolment')
export class EnrolmentController {
  constructor(@Inject(IDENTITY_SERVICES) private readonly identity: IdentityServices) {}

  @Get('terms')
  terms() {
    return { ...CURRENT_TERMS };
  }

  @Post('journeys')
  @HttpCode(201)
  start(@Body() body: Json, @Req() req: Request) {
    return asIdentityProblem(() => this.identity.registration.start(body ?? {}, callerOf(req)));
  }

  @Post('journeys/current/contact')
  @HttpCode(200)
  contact(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.contact(journeyToken(authorization), body ?? {}));
  }

  @Post('journeys/current/terms')
  @HttpCode(200)
  acceptTerms(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.terms(journeyToken(authorization), body ?? {}));
  }

  @Post('journeys/current/face')
  @HttpCode(200)
  face(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.face(journeyToken(authorization), body ?? {}));
  }

  @Post('journeys/current/otp')
  @HttpCode(200)
  code(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.code(journeyToken(authorization), body ?? {}));
  }

  @Post('journeys/current/otp/resend')
  @HttpCode(200)
  resend(@Headers('authorization') authorization: string | undefined) {
    return asIdentityProblem(() => this.identity.registration.resendCode(journeyToken(authorization)));
  }

  @Post('journeys/current/pin')
  @HttpCode(200)
  pin(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.pin(journeyToken(authorization), body ?? {}));
  }

  // The answer may carry the wallet's unsealing secret: no cache keeps it.
  @Post('journeys/current/device-key')
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  deviceKey(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.registration.deviceKey(journeyToken(authorization), body ?? {}));
  }

  @Post('pin-reset')
  @HttpCode(201)
  startReset(@Body() body: Json, @Req() req: Request) {
    return asIdentityProblem(() => this.identity.pinReset.start(body ?? {}, callerOf(req)));
  }

  @Post('pin-reset/current/face')
  @HttpCode(200)
  resetFace(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.pinReset.face(journeyToken(authorization), body ?? {}));
  }

  @Post('pin-reset/current/otp')
  @HttpCode(200)
  resetCode(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.pinReset.code(journeyToken(authorization), body ?? {}));
  }

  @Post('pin-reset/current/otp/resend')
  @HttpCode(200)
  resetResend(@Headers('authorization') authorization: string | undefined) {
    return asIdentityProblem(() => this.identity.pinReset.resendCode(journeyToken(authorization)));
  }

  @Post('pin-reset/current/pin')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  resetPin(@Headers('authorization') authorization: string | undefined, @Body() body: Json) {
    return asIdentityProblem(() => this.identity.pinReset.pin(journeyToken(authorization), body ?? {}));
  }
}
