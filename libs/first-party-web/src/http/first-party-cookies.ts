import type { CookieOptions, Request, Response } from 'express';
import { servedOverHttps } from '@theqa/http-shell';
import type { Language } from '@theqa/kernel';
import { LANGUAGE_COOKIE } from './language';

/** The names of an app's two cookies over plain http; over https each gets the `__Host-` prefix. */
export interface CookieNames {
  /** The session's token (e.g. `theqa_portal`). */
  session: string;
  /** The login transaction's id while the browser is at the gateway (e.g. `theqa_portal_login`). */
  login: string;
}

/**
 * A first-party app's cookies: HttpOnly, SameSite=Lax, path /; over https also Secure, and named with
 * the `__Host-` prefix, which a browser accepts only from this host, over https, for path / (so no
 * subdomain or plain-http page can plant or shadow them). Each app names its own, so that one app's
 * session token is never sent as another's.
 */
export class FirstPartyCookies {
  readonly session: string;
  readonly login: string;
  private readonly attributes: CookieOptions;

  constructor(publicBaseUrl: string, names: CookieNames) {
    const secure = servedOverHttps(publicBaseUrl);
    this.session = secure ? `__Host-${names.session}` : names.session;
    this.login = secure ? `__Host-${names.login}` : names.login;
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
