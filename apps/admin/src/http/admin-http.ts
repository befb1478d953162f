import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationError, type Administrator } from '@theqa/administration';
import { FirstPartyHttp, type CookieNames } from '@theqa/first-party-web';
import type { Language } from '@theqa/kernel';
import type { PortalSession } from '@theqa/portal-sessions';
import { ADMIN_APP, type AdminAppDependencies } from '../admin-app-dependencies';
import type { PageContext } from '../pages/layout';
import { badRequestPage, forbiddenPage, refusedPage } from '../pages/problem-pages';
import { adminRouteOf, type AdminRoute } from '../routes/admin-route-table';

export { field, languageOf } from '@theqa/first-party-web';

/**
 * The console's cookies, named apart from the portal's (a portal session's token is never sent as
 * the console's, and would name no row of admin_session if it were); `__Host-` prefixed over https.
 */
export const ADMIN_COOKIES: CookieNames = { session: 'theqa_admin', login: 'theqa_admin_login' };

/** A request of a logged-in administrator allowed on the route: session, administrator, language, page context. */
export interface AdminRequest {
  session: PortalSession;
  administrator: Administrator;
  lang: Language;
  context: PageContext & { session: NonNullable<PageContext['session']> };
}

/**
 * What every console route does with its request: the language; the session (HIGH only) from the
 * console's own cookie; the route's permission as ADMIN_ROUTES gives it, checked against the
 * administrator's roles from the roster (refused with the 403 page, and written to the audit log);
 * for a form, same origin and the session's form token first.
 */
@Injectable()
export class AdminHttp extends FirstPartyHttp {
  constructor(@Inject(ADMIN_APP) readonly app: AdminAppDependencies) {
    super(app.publicBaseUrl, ADMIN_COOKIES, '/admin/login');
  }

  context(lang: Language, path: string, session?: PortalSession, administrator?: Administrator): PageContext {
    return {
      lang,
      path,
      session: session && { names: session.names, civilNumber: session.civilNumber, csrfToken: session.csrfToken, administrator: administrator ?? { civilNumber: session.civilNumber, roles: [] } },
    };
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
    const checked = await this.checkedForm(req, res, route.path);
    if (!checked) return;
    const { session, lang } = checked;
    const request = await this.allowed(req, res, route, session, lang);
    if (request) await work(request);
  }

  refuse(res: Response, lang: Language, path: string, session?: PortalSession): void {
    const administrator = session && this.app.administration.administrator(session.civilNumber);
    this.send(res, 403, refusedPage(this.context(lang, path, session, administrator)));
  }

  protected notAFormPage(lang: Language, path: string): string {
    return badRequestPage(this.context(lang, path), { ar: 'هذا ليس نموذجاً من نماذج لوحة الإدارة.', en: "This is not one of the console's forms." });
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
