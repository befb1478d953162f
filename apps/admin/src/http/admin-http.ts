import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationError, type Administrator } from '@theqa/administration';
import type { Language } from '@theqa/kernel';
import { csrfMatches, type PortalSession } from '@theqa/portal-sessions';
import { ADMIN_APP, type AdminAppDependencies } from '../admin-app-dependencies';
import type { PageContext } from '../pages/layout';
import { badRequestPage, forbiddenPage, refusedPage } from '../pages/problem-pages';
import { adminRouteOf, type AdminRoute } from '../routes/admin-route-table';
import { AdminCookies, LANGUAGE_COOKIE } from './admin-cookies';

/** A request of a logged-in administrator allowed on the route: session, administrator, language, page context. */
export interface AdminRequest {
  session: PortalSession;
  administrator: Administrator;
  lang: Language;
  context: PageContext & { session: NonNullable<PageContext['session']> };
}

/** The page's language: `?lang=`, the cookie the portal and the gateway share, or Arabic. */
export function languageOf(req: Request): Language {
  const asked = req.query?.lang;
  if (asked === 'en' || asked === 'ar') return asked;
  const cookie = /(?:^|;\s*)theqa_lang=(ar|en)(?:;|$)/.exec(req.headers.cookie ?? '');
  return cookie?.[1] === 'en' ? 'en' : 'ar';
}

/** A form field as one string (a repeated field is no string at all). */
export function field(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * What every console route does with its request: the language; the session (HIGH only) from the
 * console's own cookie; the route's permission as ADMIN_ROUTES gives it, checked against the
 * administrator's roles from the roster (refused with the 403 page, and written to the audit log);
 * for a form, same origin and the session's form token first.
 */
@Injectable()
export class AdminHttp {
  readonly cookies: AdminCookies;
  private readonly origin: string;

  constructor(@Inject(ADMIN_APP) readonly app: AdminAppDependencies) {
    this.cookies = new AdminCookies(app.publicBaseUrl);
    this.origin = new URL(app.publicBaseUrl).origin;
  }

  language(req: Request, res: Response): Language {
    const lang = languageOf(req);
    if (req.query?.lang === lang && !new RegExp(`(?:^|;\\s*)${LANGUAGE_COOKIE}=${lang}(?:;|$)`).test(req.headers.cookie ?? '')) this.cookies.setLanguage(res, lang);
    return lang;
  }

  context(lang: Language, path: string, session?: PortalSession, administrator?: Administrator): PageContext {
    return {
      lang,
      path,
      session: session && { names: session.names, civilNumber: session.civilNumber, csrfToken: session.csrfToken, administrator: administrator ?? { civilNumber: session.civilNumber, roles: [] } },
    };
  }

  send(res: Response, status: number, html: string): void {
    res.status(status).type('html').send(html);
  }

  redirect(res: Response, location: string): void {
    res.status(303).setHeader('location', location);
    res.end();
  }

  /** The console's session of this browser, if alive and at HIGH (a console session is never anything else). */
  async resume(req: Request): Promise<PortalSession | undefined> {
    const session = await this.app.sessions.resume(this.cookies.read(req, this.cookies.session));
    return session?.acr === 'high' ? session : undefined;
  }

  /** A page: a live session, and the route table's permission for it. */
  async page(req: Request, res: Response, work: (request: AdminRequest) => Promise<void>): Promise<void> {
    const route = this.route(req);
    const lang = this.language(req, res);
    const session = await this.resume(req);
    if (!session) return this.toLogin(req, res);
    const request = await this.allowed(req, res, route, session, lang);
    if (request) await work(request);
  }

  /**
   * A state-changing form: from this origin, of a live session, carrying its form token (else refused,
   * nothing changed), then the route table's permission.
   */
  async form(req: Request, res: Response, work: (request: AdminRequest) => Promise<void>): Promise<void> {
    const route = this.route(req);
    const lang = this.language(req, res);
    if (!this.sameOrigin(req)) return this.refuse(res, lang, route.path);
    if (!req.is('application/x-www-form-urlencoded')) return this.send(res, 400, badRequestPage(this.context(lang, route.path), { ar: 'هذا ليس نموذجاً من نماذج لوحة الإدارة.', en: "This is not one of the console's forms." }));
    const session = await this.resume(req);
    if (!session) return this.toLogin(req, res);
    if (!csrfMatches(session.csrfToken, field(req, 'csrf'))) return this.refuse(res, lang, route.path, session);
    const request = await this.allowed(req, res, route, session, lang);
    if (request) await work(request);
  }

  /**
   * A form must come from the console's own pages: an Origin (or, without one, a Referer) of another
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
    const administrator = session && this.app.administration.administrator(session.civilNumber);
    this.send(res, 403, refusedPage(this.context(lang, path, session, administrator)));
  }

  toLogin(req: Request, res: Response): void {
    const had = this.cookies.read(req, this.cookies.session) !== undefined;
    if (had) this.cookies.clear(res, this.cookies.session);
    this.redirect(res, had ? '/admin/login?ended=session' : '/admin/login');
  }

  /** The route this handler serves, from the table; a handler the table does not list fails closed. */
  route(req: Request): AdminRoute {
    const pattern = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof pattern === 'string' ? adminRouteOf(req.method === 'HEAD' ? 'GET' : req.method, pattern) : undefined;
    if (!route) throw new Error(`${req.method} ${String(pattern)} is served but not in ADMIN_ROUTES: add it with its permission`);
    return route;
  }

  private async allowed(req: Request, res: Response, route: AdminRoute, session: PortalSession, lang: Language): Promise<AdminRequest | undefined> {
    // The roster of this start decides: someone taken off it keeps no role, whatever their session.
    const administrator = this.app.administration.administrator(session.civilNumber) ?? { civilNumber: session.civilNumber, roles: [] };
    const context = this.context(lang, route.path, session, administrator) as AdminRequest['context'];
    if (route.permission !== 'public') {
      try {
        await this.app.administration.authorise(administrator, route.permission, `${req.method} ${route.path}`);
      } catch (error) {
        if (!(error instanceof AdministrationError && error.code === 'forbidden')) throw error;
        this.send(res, 403, forbiddenPage(context, route.permission));
        return undefined;
      }
    }
    return { session, administrator, lang, context };
  }
}
