import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { PortalSession } from '@theqa/portal-sessions';
import type { SigningErrorCode } from '@theqa/signing';
import { PortalHttp } from '../http/portal-http';
import { signingOf } from './sign-upload-page';
import { signUploadLimit } from './sign-upload-limits';

/** The upload's request once admitted: the session the guard found. */
export type SignUploadRequest = Request & { portalSession?: PortalSession };

/** Why an upload was refused before anything of its body was read. */
export class UploadRefused extends Error {
  constructor(
    readonly reason: 'foreign' | 'not-a-form' | 'no-session' | 'length-required' | 'too-large' | 'cannot-sign' | 'too-many',
    readonly session?: PortalSession,
    readonly signerProblem?: SigningErrorCode,
    /** For `too-many`: when the person's window of uploads closes. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`upload refused: ${reason}`);
    this.name = 'UploadRefused';
  }
}

/**
 * Everything that can be decided from the headers is decided before the upload is parsed (a guard runs
 * before the file interceptor): the form comes from the portal's origin, as multipart, from a live
 * session, with a declared length within the limit (a browser's form always declares it), by a person
 * who can sign and has not used up their uploads of the hour (counted last, so that only an upload
 * that could become a request uses one up). A stranger's, a MEDIUM person's or a flood's 25 MB costs
 * a header check and a lookup or two, not a parse. The form token, which is in the body, is checked
 * once the body is read.
 */
@Injectable()
export class SignUploadGuard implements CanActivate {
  constructor(private readonly http: PortalHttp) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SignUploadRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    this.http.language(req, res);
    if (!this.http.sameOrigin(req)) throw new UploadRefused('foreign');
    if (!req.is('multipart/form-data')) throw new UploadRefused('not-a-form');
    const session = await this.http.resume(req);
    if (!session) throw new UploadRefused('no-session');
    const declared = req.headers['content-length'];
    if (declared === undefined || !/^\d{1,15}$/.test(declared)) throw new UploadRefused('length-required', session);
    const signing = signingOf(this.http.app);
    if (Number(declared) > signUploadLimit(signing.maxDocumentBytes)) throw new UploadRefused('too-large', session);
    // With the ID card, whether the person can sign is the card's to say (its certificate, later).
    const problem = isCardUpload(req) ? undefined : await signing.signerProblem(session.civilNumber);
    if (problem) throw new UploadRefused('cannot-sign', session, problem);
    const admitted = await signing.admitUpload(session.civilNumber);
    if (!admitted.allowed) throw new UploadRefused('too-many', session, undefined, admitted.retryAfterSeconds);
    req.portalSession = session;
    return true;
  }
}

/** The ID card's upload (`/portal/sign/card`) rather than the THEQA app's (`/portal/sign`). */
export function isCardUpload(req: Request): boolean {
  return /\/sign\/card\/?$/.test(req.path);
}
