import type { NextFunction, Request, Response } from 'express';
import { servedOverHttps, STRICT_TRANSPORT_SECURITY } from '@theqa/http-shell';
import { languageOf } from './http/admin-http';
import { badRequestPage } from './pages/problem-pages';
import { ADMIN_STYLESHEET } from './pages/stylesheet';

/** The console's forms are a few short fields; anything larger is not one of them. */
export const ADMIN_FORM_LIMIT_BYTES = 16 * 1024;

/** The portal's policy: scripts and styles from the platform's own files only, forms to this origin, no framing. */
export const ADMIN_CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

interface MountTarget {
  use(path: string, handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}

/**
 * What the console needs in front of the framework, on every response under /admin: the security
 * headers (HSTS behind TLS), its stylesheet, no caching, and a form larger than any of its forms
 * refused before its body is read. Mount before the HTTP shell (createPlatformApp's `beforeHttpShell`).
 */
export function mountAdmin(app: MountTarget, options: { publicBaseUrl: string }): void {
  const https = servedOverHttps(options.publicBaseUrl);
  app.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', ADMIN_CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (https) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    if (req.path === '/assets/admin.css' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.setHeader('content-type', 'text/css; charset=utf-8');
      res.setHeader('cache-control', 'public, max-age=3600');
      res.end(req.method === 'HEAD' ? undefined : ADMIN_STYLESHEET);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > ADMIN_FORM_LIMIT_BYTES) {
      res.setHeader('connection', 'close');
      res.status(413).type('html').send(badRequestPage({ lang: languageOf(req), path: '/admin' }, { ar: 'النموذج المرسل أكبر من أي نموذج في لوحة الإدارة.', en: 'The form sent is larger than any form of the console.' }, 'too-large'));
      return;
    }
    next();
  });
}
