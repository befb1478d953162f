import type { NextFunction, Request, Response } from 'express';
import { FIRST_PARTY_CONTENT_SECURITY_POLICY, FIRST_PARTY_FORM_LIMIT_BYTES, firstPartyFrontDoor, languageOf, type StaticAsset } from '@theqa/first-party-web';
import { badRequestPage } from './pages/problem-pages';
import { PORTAL_STYLESHEET } from './pages/stylesheet';
import { UPGRADE_FOLLOW_SCRIPT } from './pages/upgrade-follow-script';
import { CARD_SIGN_SCRIPT } from './pages/card-sign-script';

/** The portal's forms are a few short fields; anything larger is not one of them. */
export const PORTAL_FORM_LIMIT_BYTES = FIRST_PARTY_FORM_LIMIT_BYTES;

/** Scripts and styles from the portal's own files only (nothing inline, no eval), forms to this origin only, no framing. */
export const PORTAL_CONTENT_SECURITY_POLICY = FIRST_PARTY_CONTENT_SECURITY_POLICY;

/** The portal's own files: its stylesheet, the script of the upgrade's page, and that of the card's signing page. */
const ASSETS: Record<string, StaticAsset> = {
  '/assets/portal.css': { type: 'text/css; charset=utf-8', body: PORTAL_STYLESHEET },
  '/assets/upgrade-follow.js': { type: 'text/javascript; charset=utf-8', body: UPGRADE_FOLLOW_SCRIPT },
  '/assets/card-sign.js': { type: 'text/javascript; charset=utf-8', body: CARD_SIGN_SCRIPT },
};

interface MountTarget {
  use(path: string, handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}

/**
 * What the portal needs in front of the framework, on every response under /portal (the first-party
 * front door: the security headers; the stylesheet; and a form larger than any of the portal's refused
 * before its body is read). Mount before the HTTP shell (createPlatformApp's `beforeHttpShell`), so
 * that it also comes before the body parsers.
 *
 * With `signing` ("sign a PDF" served), the one upload — multipart to POST /portal/sign — is left to
 * its route, which refuses it before reading it when it is larger than the signing service accepts
 * (and tells so on its own page); the body parsers never read multipart.
 */
export function mountPortal(app: MountTarget, options: { publicBaseUrl: string; signing?: { maxDocumentBytes: number } }): void {
  const uploads = options.signing !== undefined;
  app.use(
    '/portal',
    firstPartyFrontDoor({
      publicBaseUrl: options.publicBaseUrl,
      assets: ASSETS,
      passes: (req) => uploads && isSignUpload(req),
      tooLargePage: (req) =>
        badRequestPage({ lang: languageOf(req), path: '/portal', features: { upgrade: false, signPdf: false } }, { ar: 'النموذج المرسل أكبر من أي نموذج في هذه البوابة.', en: 'The form sent is larger than any form of this portal.' }),
    }),
  );
}

/** The "sign a PDF" uploads (with the THEQA app, with the ID card): the only multipart forms of the portal. */
function isSignUpload(req: Request): boolean {
  return req.method === 'POST' && /^\/sign(\/card)?\/?$/.test(req.path) && /^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '');
}
