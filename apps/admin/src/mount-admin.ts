import type { NextFunction, Request, Response } from 'express';
import { FIRST_PARTY_CONTENT_SECURITY_POLICY, FIRST_PARTY_FORM_LIMIT_BYTES, firstPartyFrontDoor, languageOf } from '@theqa/first-party-web';
import { badRequestPage } from './pages/problem-pages';
import { ADMIN_STYLESHEET } from './pages/stylesheet';

/** The console's forms are a few short fields; anything larger is not one of them. */
export const ADMIN_FORM_LIMIT_BYTES = FIRST_PARTY_FORM_LIMIT_BYTES;

/** The portal's policy: scripts and styles from the platform's own files only, forms to this origin, no framing. */
export const ADMIN_CONTENT_SECURITY_POLICY = FIRST_PARTY_CONTENT_SECURITY_POLICY;

interface MountTarget {
  use(path: string, handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}

/**
 * What the console needs in front of the framework, on every response under /admin (the first-party
 * front door): the security headers (HSTS behind TLS), its stylesheet, no caching, and a form larger
 * than any of its forms refused before its body is read. Mount before the HTTP shell (createPlatformApp's `beforeHttpShell`).
 */
export function mountAdmin(app: MountTarget, options: { publicBaseUrl: string }): void {
  app.use(
    '/admin',
    firstPartyFrontDoor({
      publicBaseUrl: options.publicBaseUrl,
      assets: { '/assets/admin.css': { type: 'text/css; charset=utf-8', body: ADMIN_STYLESHEET } },
      tooLargePage: (req) => badRequestPage({ lang: languageOf(req), path: '/admin' }, { ar: 'النموذج المرسل أكبر من أي نموذج في لوحة الإدارة.', en: 'The form sent is larger than any form of the console.' }, 'too-large'),
    }),
  );
}
