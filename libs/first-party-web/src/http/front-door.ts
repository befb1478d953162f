import type { NextFunction, Request, Response } from 'express';
import { servedOverHttps, STRICT_TRANSPORT_SECURITY } from '@theqa/http-shell';

/** Scripts and styles from the app's own files only (nothing inline, no eval), forms to this origin only, no framing. */
export const FIRST_PARTY_CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

/** A first-party app's forms are a few short fields; anything larger is not one of them. */
export const FIRST_PARTY_FORM_LIMIT_BYTES = 16 * 1024;

/** A file the app serves itself (its stylesheet, a page's script), by its path under the mount point. */
export interface StaticAsset {
  type: string;
  body: string;
}

export interface FrontDoorOptions {
  publicBaseUrl: string;
  assets: Record<string, StaticAsset>;
  /** The 413 page for a form larger than FIRST_PARTY_FORM_LIMIT_BYTES, in the request's language. */
  tooLargePage(req: Request): string;
  /** Requests left to their route whatever their size (the portal's PDF upload, which its route bounds). */
  passes?(req: Request): boolean;
}

export type FrontDoor = (req: Request, res: Response, next: NextFunction) => void;

/**
 * What a first-party app needs in front of the framework, on every response under its mount point —
 * its routes, its 404s and errors, and what the HTTP shell answers itself: the security headers (HSTS
 * behind TLS); its own files; no caching of anything else; and a form larger than any of the app's
 * refused before its body is read. Mount before the HTTP shell (createPlatformApp's
 * `beforeHttpShell`), so that it also comes before the body parsers.
 */
export function firstPartyFrontDoor(options: FrontDoorOptions): FrontDoor {
  const https = servedOverHttps(options.publicBaseUrl);
  return (req, res, next) => {
    res.setHeader('content-security-policy', FIRST_PARTY_CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    // Same-origin: a form's own Origin and Referer stay (the form check reads them); nothing leaks elsewhere.
    res.setHeader('referrer-policy', 'same-origin');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    if (https) res.setHeader('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    const asset = Object.hasOwn(options.assets, req.path) ? options.assets[req.path] : undefined;
    if (asset && (req.method === 'GET' || req.method === 'HEAD')) {
      res.setHeader('content-type', asset.type);
      res.setHeader('cache-control', 'public, max-age=3600');
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    res.setHeader('cache-control', 'no-store');
    if (options.passes?.(req)) return next();
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > FIRST_PARTY_FORM_LIMIT_BYTES) {
      // Unread: the connection closes after the answer rather than taking in the rest.
      res.setHeader('connection', 'close');
      res.status(413).type('html').send(options.tooLargePage(req));
      return;
    }
    next();
  };
}
