import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOGIN_TRANSACTION_SECONDS } from '@theqa/portal-sessions';
import { FirstPartyOidcClient, LoginFailed, LoginRefused } from '@theqa/first-party-web';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { field, PortalHttp } from '../http/portal-http';
import { loginPage, type LoginMessage } from '../pages/login-page';

export const PORTAL_OIDC = Symbol('PORTAL_OIDC');

/** Why the login page is shown, as the links that lead to it name it. */
const ENDED: Record<string, LoginMessage> = { session: 'session-ended', logout: 'logged-out', lost: 'device-lost' };

/**
 * The gateway's login page leads with its ID-card choice when its URL names that choice's fragment
 * (`#card`); a browser keeps the fragment of the authorization URL through the provider's redirect to
 * the login page, and the provider never sees it.
 */
export const CARD_CHOICE_FRAGMENT = 'card';

/**
 * Logging in and out: the portal is a relying party of the gateway. "Log in" starts an authorization
 * request (PAR, PKCE) and sends the browser to the gateway's QR, push or ID-card login; the gateway sends it
 * back to /portal/callback, where the code becomes a session.
 */
@Controller('portal')
@UseFilters(PortalErrorsFilter)
export class LoginController {
  constructor(
    private readonly http: PortalHttp,
    @Inject(PORTAL_OIDC) private readonly client: FirstPartyOidcClient,
  ) {}

  @Get('login')
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const lang = this.http.language(req, res);
    if (await this.http.resume(req)) return this.http.redirect(res, '/portal');
    const ended = typeof req.query.ended === 'string' ? ENDED[req.query.ended] : undefined;
    this.http.send(res, 200, loginPage(this.http.context(lang, '/portal/login', undefined, ended ? { ended: req.query.ended as string } : undefined), ended));
  }

  @Post('login')
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    const asked = field(req, 'lang');
    const lang = asked === 'en' || asked === 'ar' ? asked : this.http.language(req, res);
    if (!this.http.sameOrigin(req)) return this.http.refuse(res, lang, '/portal/login');
    let started: Awaited<ReturnType<FirstPartyOidcClient['begin']>>;
    try {
      started = await this.client.begin(lang);
    } catch (error) {
      if (!(error instanceof LoginFailed)) throw error;
      this.http.app.logger.error({ err: error }, 'portal: the login could not start');
      return this.http.send(res, 502, loginPage(this.http.context(lang, '/portal/login'), 'login-failed'));
    }
    const token = await this.http.app.logins.begin(started.transaction);
    this.http.cookies.set(res, this.http.cookies.login, token, LOGIN_TRANSACTION_SECONDS);
    const url = new URL(started.url.href);
    if (field(req, 'with') === 'card') url.hash = CARD_CHOICE_FRAGMENT;
    this.http.redirect(res, url.href);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const cookies = this.http.cookies;
    const transaction = await this.http.app.logins.take(cookies.read(req, cookies.login));
    cookies.clear(res, cookies.login);
    const lang = transaction?.lang ?? this.http.language(req, res);
    const again = (status: number, message: LoginMessage) => this.http.send(res, status, loginPage(this.http.context(lang, '/portal/login'), message));
    if (typeof req.query.error === 'string') return again(req.query.error === 'access_denied' ? 403 : 400, 'login-refused');
    if (!transaction) return again(400, 'login-expired');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let login: Awaited<ReturnType<FirstPartyOidcClient['finish']>>;
    try {
      login = await this.client.finish(new URL(`${this.http.app.publicBaseUrl}/portal/callback${query}`), transaction);
    } catch (error) {
      if (error instanceof LoginRefused) return again(403, 'login-refused');
      if (!(error instanceof LoginFailed)) throw error;
      this.http.app.logger.error({ err: error }, 'portal: the login could not be completed');
      return again(502, 'login-failed');
    }
    // A session this browser still had (another person on a shared computer) ends: one login, one session.
    await this.http.app.sessions.end(cookies.read(req, cookies.session));
    // A login with the ID card has no device: its session ends by logout or time, not with a device.
    const { token } = await this.http.app.sessions.open({ civilNumber: login.civilNumber, ...(login.device ? { device: login.device } : {}), acr: login.acr, names: login.names, idToken: login.idToken });
    cookies.set(res, cookies.session, token);
    this.http.redirect(res, '/portal');
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal', async ({ lang }) => {
      const ended = await this.http.app.sessions.end(this.http.cookies.read(req, this.http.cookies.session));
      this.http.cookies.clear(res, this.http.cookies.session);
      // The gateway's session ends too (it asks the person to confirm, then comes back here).
      const endSession = ended?.idToken ? await this.client.endSessionUrl(ended.idToken, lang).catch(() => undefined) : undefined;
      this.http.redirect(res, endSession?.href ?? '/portal/login?ended=logout');
    });
  }

  /** Where the gateway's logout returns (the registered post-logout redirect URI). */
  @Get('logged-out')
  loggedOut(@Res() res: Response): void {
    this.http.redirect(res, '/portal/login?ended=logout');
  }
}
