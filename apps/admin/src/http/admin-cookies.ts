import type { CookieOptions, Request, Response } from 'express';
import { servedOverHttps } from '@theqa/http-shell';
import type { Language } from '@theqa/kernel';

/** The language choice, shared with the portal and the gateway's pages (the same name and path). */
export const LANGUAGE_COOKIE = 'theqa_lang';

/**
 * The console's cookies, named apart from the portal's (a portal session's token is never sent as
 * the console's, and would name no row of admin_session if it were): HttpOnly, SameSite=Lax, path /;
 * over https Secure and `__Host-` prefixed.
 */
export class AdminCookies {
  readonly session: string;
  readonly login: string;
  private readonly attributes: CookieOptions;

  constructor(publicBaseUrl: string) {
    const secure = servedOverHttps(publicBaseUrl);
    this.session = secure ? '__Host-theqa_admin' : 'theqa_admin';
    this.login = secure ? '__Host-theqa_admin_login' : 'theqa_admin_login';
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
