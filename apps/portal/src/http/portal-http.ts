import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { FirstPartyHttp, type CookieNames } from '@theqa/first-party-web';
import type { Language } from '@theqa/kernel';
import type { PortalSession } from '@theqa/portal-sessions';
import type { PageContext } from '../pages/layout';
import { badRequestPage, refusedPage } from '../pages/problem-pages';
import { PORTAL_APP, type PortalAppDependencies } from '../portal-app-dependencies';

export { field, languageOf } from '@theqa/first-party-web';

/** The portal's cookies (`__Host-` prefixed over https), named apart from the console's. */
export const PORTAL_COOKIES: CookieNames = { session: 'theqa_portal', login: 'theqa_portal_login' };

/** A request of a logged-in person: the session, the language, and the page context built from them. */
export interface SessionRequest {
  session: PortalSession;
  lang: Language;
  context: PageContext & { session: NonNullable<PageContext['session']> };
}

/**
 * What every portal route does with its request (FirstPartyHttp: the language, the session from its
 * cookie, the checks of a state-changing form), and the answer as one of the portal's pages.
 */
@Injectable()
export class PortalHttp extends FirstPartyHttp {
  constructor(@Inject(PORTAL_APP) readonly app: PortalAppDependencies) {
    super(app.publicBaseUrl, PORTAL_COOKIES, '/portal/login');
  }

  /**
   * The sessions of this process's requests whose person holds no digital identity (a card holder never
   * enrolled), as `resume` found them: the pages leave out the sections about an identity.
   */
  private readonly withoutDigitalIdentity = new WeakSet<PortalSession>();

  context(lang: Language, path: string, session?: PortalSession, keep?: Record<string, string>): PageContext {
    return {
      lang,
      path,
      keep,
      features: this.app.features,
      session: session && {
        names: session.names,
        civilNumber: session.civilNumber,
        csrfToken: session.csrfToken,
        holdsDigitalIdentity: !this.withoutDigitalIdentity.has(session),
      },
    };
  }

  async resume(req: Request): Promise<PortalSession | undefined> {
    const session = await this.app.sessions.resume(this.cookies.read(req, this.cookies.session));
    // A device's session belongs to an identity; a card's may not (asked each time: the holder may enrol meanwhile).
    if (session && session.device === undefined && !(await this.app.identities.find(session.civilNumber))) this.withoutDigitalIdentity.add(session);
    return session;
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
    const checked = await this.checkedForm(req, res, path);
    if (!checked) return;
    const { session, lang } = checked;
    await work({ session, lang, context: this.context(lang, path, session) as SessionRequest['context'] });
  }

  /**
   * A page about the person's digital identity, for a session whose person has none: a card holder
   * (logged in with the ID card, no device) goes to the dashboard, which says so; anyone else's
   * session is over.
   */
  withoutIdentity(req: Request, res: Response, session: PortalSession): void {
    if (session.device === undefined) return this.redirect(res, '/portal');
    this.toLogin(req, res);
  }

  refuse(res: Response, lang: Language, path: string, session?: PortalSession): void {
    this.send(res, 403, refusedPage(this.context(lang, path, session)));
  }

  protected notAFormPage(lang: Language, path: string): string {
    return badRequestPage(this.context(lang, path), { ar: 'هذا ليس نموذجاً من نماذج البوابة.', en: 'This is not one of the portal\'s forms.' });
  }
}
