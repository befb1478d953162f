import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException, Problems } from '@theqa/http-shell';
import type { IssuanceApiToken } from './issuance-api-token';

export const ISSUANCE_API_TOKEN = Symbol('ISSUANCE_API_TOKEN');

/**
 * The issuance API's bearer token, checked before the body is validated (guards run before pipes):
 * an unauthenticated caller costs no validation work, whatever it sends.
 */
@Injectable()
export class IssuanceTokenGuard implements CanActivate {
  constructor(@Inject(ISSUANCE_API_TOKEN) private readonly token: IssuanceApiToken) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.token.accepts(req.headers.authorization)) throw unauthenticated();
    return true;
  }
}

/** The one refusal of a caller without the token, on the Nest route and the fast path alike. */
export function unauthenticated(): ProblemException {
  return new ProblemException(Problems.unauthorized, 'A valid bearer token is required to issue certificates');
}
