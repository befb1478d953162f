import type { CookieOptions, Request, Response } from 'express';
import { servedOverHttps } from '@theqa/http-shell';
import type { Language } from '@theqa/kernel';

/** The language choice, shared with the gateway's login pages (the same name and path). */
export const LANGUAGE_COOKIE = 'theqa_lang';

/**
 * The portal's cookies: HttpOnly, SameSite=Lax, path /; over https also Secure, and named with the
 * `__Host-` prefix, which a browser accepts only from this host, over https, for path / (so no
 * subdomain or plain-http page can plant or shadow them).
 */
export class PortalCookies {
  readonly session: string;
  readonly login: string;
  private readonly attributes: CookieOptions;

  constructor(publicBaseUrl: string) {
    const secure = servedOverHttps(publicBaseUrl);
    this.session = secure ? '__Host-theqa_portal' : 'theqa_portal';
    this.login = secure ? '__Host-theqa_portal_login' : 'theqa_portal_login';
    this.attributes = { httpOnly: true, sameSite: 'lax', secure, path: '/' };
  }

  read(req: Request, name: string): string | undefined {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
    return undefined;
  }

  /** A session cookie: it goes with the browser, the session's own timeouts end it. */
  set(res: Response, name: string, value: string, maxAgeSeconds?: number): void {
    res.cookie(name, value, { ...this.attributes, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}) });
  }

  clear(res: Response, name: string): void {
    res.clearCookie(name, this.attributes);
  }

  setLanguage(res: Response, lang: Language): void {
    res.cookie(LANGUAGE_COOKIE, lang, { ...this.attributes, maxAge: 365 * 86_400_000 });
  }
}
