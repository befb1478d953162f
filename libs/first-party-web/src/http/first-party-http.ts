import type { Request, Response } from 'express';
import type { Language } from '@theqa/kernel';
import { csrfMatches, type PortalSession } from '@theqa/portal-sessions';
import { FirstPartyCookies, type CookieNames } from './first-party-cookies';
import { field } from './form-field';
import { languageCookieSays, languageOf } from './language';
import { fromOrigin } from './same-origin';

/**
 * What every route of a first-party app does with its request: the language, the session from the
 * app's cookie, the checks of a state-changing form (same origin, URL-encoded, the session's form
 * token), and the answer as a page. The app says how a session is resumed and what its refusal pages
 * say; its routes' own rules (the console's permissions) stay in the app.
 */
export abstract class FirstPartyHttp {
  readonly cookies: FirstPartyCookies;
  private readonly origin: string;

  /** `loginPath`: where a page that needs a login sends the browser (`?ended=session` when a session lapsed). */
  protected constructor(publicBaseUrl: string, cookieNames: CookieNames, private readonly loginPath: string) {
    this.cookies = new FirstPartyCookies(publicBaseUrl, cookieNames);
    this.origin = new URL(publicBaseUrl).origin;
  }

  /** The app's live session of this browser, if any. */
  abstract resume(req: Request): Promise<PortalSession | undefined>;

  /** A form refused before anything changed: the app's 403 page. */
  abstract refuse(res: Response, lang: Language, path: string, session?: PortalSession): void;

  /** The 400 page for a POST that is none of the app's forms (not URL-encoded). */
  protected abstract notAFormPage(lang: Language, path: string): string;

  /** The page's language; a `?lang=` the cookie does not say yet is remembered in it. */
  language(req: Request, res: Response): Language {
    const lang = languageOf(req);
    if (req.query?.lang === lang && !languageCookieSays(req, lang)) this.cookies.setLanguage(res, lang);
    return lang;
  }

  send(res: Response, status: number, html: string): void {
    res.status(status).type('html').send(html);
  }

  /** See other: where a form's answer, or a page that needs a login, sends the browser. */
  redirect(res: Response, location: string): void {
    res.status(303).setHeader('location', location);
    res.end();
  }

  /** Whether a form comes from the app's own pages (see `fromOrigin`). */
  sameOrigin(req: Request): boolean {
    return fromOrigin(req, this.origin);
  }

  toLogin(req: Request, res: Response): void {
    const had = this.cookies.read(req, this.cookies.session) !== undefined;
    if (had) this.cookies.clear(res, this.cookies.session);
    this.redirect(res, had ? `${this.loginPath}?ended=session` : this.loginPath);
  }

  /**
   * A state-changing form's checks, in order: from this origin, URL-encoded (as a browser sends the
   * app's forms; nothing else is one of them), of a live session, carrying that session's form token.
   * Refused (403, nothing changed), answered 400, or — with no session at all — sent to log in; then
   * undefined, the answer given. Otherwise the session and the language, for the app's own checks.
   */
  protected async checkedForm(req: Request, res: Response, path: string): Promise<{ session: PortalSession; lang: Language } | undefined> {
    const lang = this.language(req, res);
    if (!this.sameOrigin(req)) return void this.refuse(res, lang, path);
    if (!req.is('application/x-www-form-urlencoded')) return void this.send(res, 400, this.notAFormPage(lang, path));
    const session = await this.resume(req);
    if (!session) return void this.toLogin(req, res);
    if (!csrfMatches(session.csrfToken, field(req, 'csrf'))) return void this.refuse(res, lang, path, session);
    return { session, lang };
  }
}
