import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Language } from '@theqa/kernel';
import { csrfMatches, type PortalSession } from '@theqa/portal-sessions';
import type { PageContext } from '../pages/layout';
import { badRequestPage, refusedPage } from '../pages/problem-pages';
import { PORTAL_APP, type PortalAppDependencies } from '../portal-app-dependencies';
import { LANGUAGE_COOKIE, PortalCookies } from './portal-cookies';

/** A request of a logged-in person: the session, the language, and the page context built from them. */
export interface SessionRequest {
  session: PortalSession;
  lang: Language;
  context: PageContext & { session: NonNullable<PageContext['session']> };
}

/** The page's language: `?lang=` (remembered in the cookie the gateway's pages read too), the cookie, or Arabic. */
export function languageOf(req: Request): Language {
  const asked = req.query?.lang;
  if (asked === 'en' || asked === 'ar') return asked;
  const cookie = /(?:^|;\s*)theqa_lang=(ar|en)(?:;|$)/.exec(req.headers.cookie ?? '');
  return cookie?.[1] === 'en' ? 'en' : 'ar';
}

/** A form field as one string (a repeated field, `a[]=` and the like are no string at all). */
export function field(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * What every portal route does with its request: the language, the session from its cookie, the
 * checks of a state-changing form (same origin, the session's form token), and the answer as a page.
 */
@Injectable()
export class PortalHttp {
  readonly cookies: PortalCookies;
  private readonly origin: string;

  constructor(@Inject(PORTAL_APP) readonly app: PortalAppDependencies) {
    this.cookies = new PortalCookies(app.publicBaseUrl);
    this.origin = new URL(app.publicBaseUrl).origin;
  }

  language(req: Request, res: Response): Language {
    const lang = languageOf(req);
    if (req.query?.lang === lang && !new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=${lang}(?:;|$)`).test(req.headers.cookie ?? '')) this.cookies.setLanguage(res, lang);
    return lang;
  }

  context(lang: Language, path: string, session?: PortalSession, keep?: Record<string, string>): PageContext {
    return {
      lang,
      path,
      keep,
      features: this.app.features,
      session: session && { names: session.names, civilNumber: session.civilNumber, csrfToken: session.csrfToken },
    };
  }

  send(res: Response, status: number, html: string): void {
    res.status(status).type('html').send(html);
  }

  /** See other: where a form's answer, or a page that needs a login, sends the browser. */
  redirect(res: Response, location: string): void {
    res.status(303).setHeader('location', location);
    res.end();
  }

  resume(req: Request): Promise<PortalSession | undefined> {
    return this.app.sessions.resume(this.cookies.read(req, this.cookies.session));
  }

  /** A page of a logged-in person; anyone else goes to the login page (told why, if a session lapsed). */
  async page(req: Request, res: Response, path: string, work: (request: SessionRequest) => Promise<void>): Promise<void> {
    const lang = this.language(req, res);
    const session = await this.resume(req);
    if (!session) return this.toLogin(req, res);
    await work({ session, lang, context: this.context(lang, path, session) as SessionRequest['context'] });
  }

  /**
   * A state-changing form: from this origin, of a live session, carrying that session's form token;
   * otherwise refused (403, nothing changed) — or, with no session at all, sent to log in.
   */
  async form(req: Request, res: Response, path: string, work: (request: SessionRequest) => Promise<void>): Promise<void> {
    const lang = this.language(req, res);
    if (!this.sameOrigin(req)) return this.refuse(res, lang, path);
    // The portal's forms are URL-encoded, as a browser sends them; nothing else is one of its forms.
    if (!req.is('application/x-www-form-urlencoded')) return this.send(res, 400, badRequestPage(this.context(lang, path), { ar: 'هذا ليس نموذجاً من نماذج البوابة.', en: 'This is not one of the portal\'s forms.' }));
    const session = await this.resume(req);
    if (!session) return this.toLogin(req, res);
    if (!csrfMatches(session.csrfToken, field(req, 'csrf'))) return this.refuse(res, lang, path, session);
    await work({ session, lang, context: this.context(lang, path, session) as SessionRequest['context'] });
  }

  /**
   * A form must come from the portal's own pages: an Origin (or, without one, a Referer) of another
   * origin is refused. A browser sends Origin with every POST; the form token is checked besides.
   */
  sameOrigin(req: Request): boolean {
    const origin = req.headers.origin;
    if (origin !== undefined) return origin === this.origin;
    const referer = req.headers.referer;
    if (referer === undefined) return true;
    try {
      return new URL(referer).origin === this.origin;
    } catch {
      return false;
    }
  }

  refuse(res: Response, lang: Language, path: string, session?: PortalSession): void {
    this.send(res, 403, refusedPage(this.context(lang, path, session)));
  }

  toLogin(req: Request, res: Response): void {
    const had = this.cookies.read(req, this.cookies.session) !== undefined;
    if (had) this.cookies.clear(res, this.cookies.session);
    this.redirect(res, had ? '/portal/login?ended=session' : '/portal/login');
  }
}
