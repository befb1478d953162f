import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { RelyingParty } from '@theqa/relying-parties';
import { SIGNING_APP, type SigningAppDependencies } from './signing-app-dependencies';
import { signingProblem } from './signing-problems';

export type AuthenticatedRequest = Request & { relyingParty: RelyingParty };

/**
 * The relying party is authenticated before anything of its request is read (a guard runs before the
 * upload is parsed): a stranger's 25 MB upload costs one header check, not a parse.
 */
@Injectable()
export class RelyingPartyGuard implements CanActivate {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      req.relyingParty = await this.app.authenticate(req.headers.authorization);
    } catch (error) {
      throw signingProblem(error) ?? error;
    }
    return true;
  }
}
