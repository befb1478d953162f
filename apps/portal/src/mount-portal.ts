import type { NextFunction, Request, Response } from 'express';
import { servedOverHttps, STRICT_TRANSPORT_SECURITY } from '@theqa/http-shell';
import { languageOf } from './http/portal-http';
import { badRequestPage } from './pages/problem-pages';
import { PORTAL_STYLESHEET } from './pages/stylesheet';
import { UPGRADE_FOLLOW_SCRIPT } from './pages/upgrade-follow-script';

/** The portal's forms are a few short fields; anything larger is not one of them. */
export const PORTAL_FORM_LIMIT_BYTES = 16 * 1024;

/** Scripts and styles from the portal's own files only (nothing inline, no eval), forms to this origin only, no framing. */
export const PORTAL_CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/** The portal's own files: its stylesheet, and the script of the upgrade's page. */
const ASSETS: Record<string, { type: string; body: string }> = {
  '/assets/portal.css': { type: 'text/css; charset=utf-8', body: PORTAL_STYLESHEET },
  '/assets/upgrade-follow.js': { type: 'text/javascript; charset=utf-8', body: UPGRADE_FOLLOW_SCRIPT },
};

interface MountTarget {
  use(path: string, handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}

/**
 * What the portal needs in front of the framework, on every response under /portal — its routes, its
 * 404s and errors, and what the HTTP shell answers itself: the security headers; the stylesheet; and a
 * form larger than any of the portal's refused before its body is read. Mount before the HTTP shell
 * (createPlatformApp's `beforeHttpShell`), so that it also comes before the body parsers.
 *
 * With `signing` ("sign a PDF" served), the one upload — multipart to POST /portal/sign — is left to
 * its route, which refuses it before reading it when it is larger than the signing service accepts
 * (and tells so on its own page); the body parsers never read multipart.
 */
export function mountPortal(app: MountTarget, options: { publicBaseUrl: string; signing?: { maxDocumentBytes: number } }): void {
  const https = servedOverHttps(options.publicBaseUrl);
  const uploads = options.signing !== undefined;
  app.use('/portal', (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', PORTAL_CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    // Same-origin: a form's own Origin and Referer stay (the form check reads them); nothing leaks elsewhere.
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (https) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    const asset = Object.hasOwn(ASSETS, req.path) ? ASSETS[req.path] : undefined;
    if (asset && (req.method === 'GET' || req.method === 'HEAD')) {
      res.setHeader('content-type', asset.type);
      res.setHeader('cache-control', 'public, max-age=3600');
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    if (uploads && isSignUpload(req)) return next();
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > PORTAL_FORM_LIMIT_BYTES) {
      const lang = languageOf(req);
      // Unread: the connection closes after the answer rather than taking in the rest.
      res.setHeader('connection', 'close');
      res
        .status(413)
        .type('html')
        .send(badRequestPage({ lang, path: '/portal', features: { upgrade: false, signPdf: false } }, { ar: 'النموذج المرسل أكبر من أي نموذج في هذه البوابة.', en: 'The form sent is larger than any form of this portal.' }));
      return;
    }
    next();
  });
}

/** The "sign a PDF" upload: the only multipart form of the portal. */
function isSignUpload(req: Request): boolean {
  return req.method === 'POST' && /^\/sign\/?$/.test(req.path) && /^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '');
}
