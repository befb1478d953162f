import { Controller, Get, Inject, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LOGIN_TRANSACTION_SECONDS } from '@theqa/portal-sessions';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, field } from '../http/admin-http';
import { loginPage, type LoginMessage } from '../pages/login-page';
import { CARD_LOGIN_NOT_ACCEPTED } from '@theqa/first-party-web';
import { AdminOidcClient, LoginFailed, LoginRefused } from './admin-oidc-client';

export const ADMIN_OIDC = Symbol('ADMIN_OIDC');

const ENDED: Record<string, LoginMessage> = { session: 'session-ended', logout: 'logged-out' };

/**
 * Logging in and out: the console is a relying party of the gateway, at HIGH assurance only. The
 * callback opens a console session only for someone the roster lists whose ID token says HIGH; a
 * MEDIUM identity and a person without a role get a page saying so (403), and the audit log a line.
 */
@Controller('admin')
@UseFilters(AdminErrorsFilter)
export class LoginController {
  constructor(
    private readonly http: AdminHttp,
    @Inject(ADMIN_OIDC) private readonly client: AdminOidcClient,
  ) {}

  @Get('login')
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.http.route(req);
    const lang = this.http.language(req, res);
    if (await this.http.resume(req)) return this.http.redirect(res, '/admin');
    const ended = typeof req.query.ended === 'string' && Object.hasOwn(ENDED, req.query.ended) ? ENDED[req.query.ended] : undefined;
    const context = { ...this.http.context(lang, '/admin/login'), keep: ended ? { ended: req.query.ended as string } : undefined };
    this.http.send(res, 200, loginPage(context, ended));
  }

  @Post('login')
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.http.route(req);
    const asked = field(req, 'lang');
    const lang = asked === 'en' || asked === 'ar' ? asked : this.http.language(req, res);
    if (!this.http.sameOrigin(req)) return this.http.refuse(res, lang, '/admin/login');
    let started: Awaited<ReturnType<AdminOidcClient['begin']>>;
    try {
      started = await this.client.begin(lang);
    } catch (error) {
      if (!(error instanceof LoginFailed)) throw error;
      this.http.app.logger.error({ err: error }, 'admin: the login could not start');
      return this.http.send(res, 502, loginPage(this.http.context(lang, '/admin/login'), 'login-failed'));
    }
    const token = await this.http.app.logins.begin(started.transaction);
    this.http.cookies.set(res, this.http.cookies.login, token, LOGIN_TRANSACTION_SECONDS);
    this.http.redirect(res, started.url.href);
  }

  @Get('callback')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.http.route(req);
    const { cookies, app } = this.http;
    const transaction = await app.logins.take(cookies.read(req, cookies.login));
    cookies.clear(res, cookies.login);
    const lang = transaction?.lang ?? this.http.language(req, res);
    const again = (status: number, message: LoginMessage) => this.http.send(res, status, loginPage(this.http.context(lang, '/admin/login'), message));
    // The gateway refused a MEDIUM identity on its own page; back here, the console says why.
    if (req.query.error === 'unmet_authentication_requirements') return again(403, 'high-required');
    if (typeof req.query.error === 'string') return again(req.query.error === 'access_denied' ? 403 : 400, 'login-refused');
    if (!transaction) return again(400, 'login-expired');
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    let login: Awaited<ReturnType<AdminOidcClient['finish']>>;
    try {
      login = await this.client.finish(new URL(`${app.publicBaseUrl}/admin/callback${query}`), transaction);
    } catch (error) {
      if (error instanceof LoginRefused) return again(403, error.code === 'unmet_authentication_requirements' ? 'high-required' : error.code === CARD_LOGIN_NOT_ACCEPTED ? 'app-required' : 'login-refused');
      if (!(error instanceof LoginFailed)) throw error;
      app.logger.error({ err: error }, 'admin: the login could not be completed');
      return again(502, 'login-failed');
    }
    if (login.acr !== 'high') {
      await app.administration.recordLogin(login.civilNumber, 'assurance-too-low', { acr: login.acr, device: login.device });
      return again(403, 'high-required');
    }
    if (!app.administration.administrator(login.civilNumber)) {
      await app.administration.recordLogin(login.civilNumber, 'not-administrator', { acr: login.acr, device: login.device });
      return again(403, 'not-administrator');
    }
    await app.sessions.end(cookies.read(req, cookies.session));
    const { token } = await app.sessions.open({ civilNumber: login.civilNumber, device: login.device, acr: login.acr, names: login.names, idToken: login.idToken });
    await app.administration.recordLogin(login.civilNumber, 'accepted', { acr: login.acr, device: login.device });
    cookies.set(res, cookies.session, token);
    this.http.redirect(res, '/admin');
  }

  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async ({ lang }) => {
      const ended = await this.http.app.sessions.end(this.http.cookies.read(req, this.http.cookies.session));
      this.http.cookies.clear(res, this.http.cookies.session);
      if (ended) await this.http.app.administration.recordLogout(ended.civilNumber);
      const endSession = ended?.idToken ? await this.client.endSessionUrl(ended.idToken, lang).catch(() => undefined) : undefined;
      this.http.redirect(res, endSession?.href ?? '/admin/login?ended=logout');
    });
  }

  /** Where the gateway's logout returns (the registered post-logout redirect URI). */
  @Get('logged-out')
  loggedOut(@Req() req: Request, @Res() res: Response): void {
    this.http.route(req);
    this.http.redirect(res, '/admin/login?ended=logout');
  }
}
