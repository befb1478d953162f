import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { qrOf, servedOverHttps } from '@theqa/http-shell';
import { consentCovers, declarationFor } from '@theqa/consent';
import { satisfies } from '@theqa/kernel';
import { LoginError, personOf, type LoginRequest } from '@theqa/login';
import type { Gateway } from '../gateway';
import { GATEWAY } from '../gateway.token';
import { LoginRequestRefused } from '../oidc/login-subject';
import { cardLoginRefusalTitle } from '../card/card-logins';
import { cardRefusalPage, choosePage, consentPage, refusalPage, waitingPage } from './pages/login-pages';
import type { Language } from '@theqa/kernel';
import { InteractionGone, type OpenInteraction } from '../oidc/open-interaction';

const BROWSER_COOKIE = 'theqa_browser';

/**
 * The login pages between the relying party and its redirect: choose QR or push, wait for the
 * wallet (the page reloads itself; no script needed), read the declaration and agree. Every step
 * reads its state from PostgreSQL, so each request may land on another gateway instance.
 */
@Controller('login')
export class LoginInteractionController {
  /** Attributes of the pages' own cookies: Secure whenever the platform is served over https. */
  private readonly cookies: CookieOptions;

  constructor(@Inject(GATEWAY) private readonly gateway: Gateway) {
    this.cookies = { sameSite: 'lax', maxAge: 365 * 86_400_000, secure: servedOverHttps(gateway.publicBaseUrl) };
  }

  @Get(':uid')
  async choose(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      this.chooser(res, 200, lang, uid, interaction.view);
    });
  }

  @Post(':uid/qr')
  async startQr(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction) => {
      await this.gateway.logins.startQr(interaction.subject, uid);
      res.redirect(303, `/login/${uid}/wait`);
    });
  }

  @Post(':uid/push')
  async startPush(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      const civilNumber = typeof req.body?.civil_number === 'string' ? req.body.civil_number.trim() : '';
      try {
        await this.gateway.logins.startPush(interaction.subject, uid, civilNumber, await this.browserKey(req, res));
      } catch (error) {
        if (!(error instanceof LoginError)) throw error;
        const problem =
          error.code === 'rate-limited'
            ? { ar: 'طلبات كثيرة خلال وقت قصير؛ انتظر قليلاً ثم حاول مجدداً.', en: 'Too many requests in a short time; wait a little and try again.' }
            : { ar: 'الرقم المدني من 6 إلى 12 رقماً.', en: 'The civil number is 6 to 12 digits.' };
        if (error.code === 'rate-limited') res.setHeader('retry-after', String(error.details.retry_after ?? 60));
        return this.chooser(res, error.code === 'rate-limited' ? 429 : 400, lang, uid, interaction.view, problem);
      }
      res.redirect(303, `/login/${uid}/wait`);
    });
  }

  /** The ID card, step 1: a fresh challenge nonce bound to this interaction, for the Web eID extension. */
  @Post(':uid/card/challenge')
  async cardChallenge(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction) => {
      const cards = this.gateway.cardLogins;
      if (!cards) return void res.status(404).json({ error: 'card-login-unavailable' });
      const challenge = await cards.challenge(interaction.uid);
      if (!challenge.ok) {
        res.setHeader('retry-after', String(challenge.retryAfterSeconds));
        return void res.status(429).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'Too many ID-card login attempts for this page', status: 429 }));
      }
      res.status(200).json({ challengeNonce: challenge.challengeNonce, expiresAt: challenge.expiresAt.toISOString() });
    });
  }

  /**
   * The ID card, step 2: the extension's token over that nonce. Approved, the login continues as a
   * wallet's does (consent, then the relying party); refused, the page shows why. The answer says where
   * the page goes next (card-login.js follows it).
   */
  @Post(':uid/card')
  async cardLogin(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction) => {
      const cards = this.gateway.cardLogins;
      if (!cards) return void res.status(404).json({ error: 'card-login-unavailable' });
      const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
      const outcome = await cards.authenticate(interaction.subject, interaction.uid, { token: req.body?.token, challengeNonce: req.body?.challengeNonce, requestOrigin: origin });
      res.status(200).json({ location: outcome.ok ? `/login/${interaction.uid}/continue` : `/login/${interaction.uid}/card/refused/${outcome.code}` });
    });
  }

  @Get(':uid/card/refused/:code')
  async cardRefused(@Param('uid') uid: string, @Param('code') code: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      const title = cardLoginRefusalTitle(code);
      if (!title) return res.redirect(303, `/login/${interaction.uid}`);
      html(res, 200, cardRefusalPage(lang, interaction.uid, code, title));
    });
  }

  @Get(':uid/wait')
  async wait(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      let request = await this.gateway.logins.latestOfInteraction(uid);
      if (!request) return res.redirect(303, `/login/${uid}`);
      if (request.status === 'approved' || request.status === 'denied') return res.redirect(303, `/login/${uid}/continue`);
      const expired = request.status === 'expired' || request.expiresAt <= new Date();
      if (expired && request.channel === 'qr' && request.status !== 'claimed') {
        // The page is still open: a fresh code replaces the lapsed one.
        request = await this.gateway.logins.startQr(interaction.subject, uid);
      } else if (expired) {
        return this.chooser(res, 200, lang, uid, interaction.view, { ar: 'انتهت مهلة الطلب؛ حاول مرة أخرى.', en: 'The request expired; try again.' });
      }
      html(
        res,
        200,
        waitingPage(lang, uid, interaction.view, {
          channel: request.channel === 'push' ? 'push' : 'qr',
          qr: request.status === 'pending' && request.channel === 'qr' ? await qrOf(this.gateway.qrPayload(request)) : undefined,
          qrExpiresAt: request.expiresAt,
          code: request.code,
          scanned: request.status === 'claimed',
        }),
      );
    });
  }

  @Get(':uid/continue')
  async continue(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      const request = await this.decidedRequest(uid);
      if (!request) return res.redirect(303, `/login/${uid}/wait`);
      if (request.status === 'denied') return html(res, 200, refusalPage(lang, uid, request.denial ?? 'denied-on-device'));
      if (!satisfies(request.assurance ?? 'medium', interaction.subject.acr)) {
        await this.gateway.logins.deny(request, 'assurance-too-low');
        return html(res, 200, refusalPage(lang, uid, 'assurance-too-low'));
      }
      const consent = await this.gateway.consents.current(personOf(request), request.clientId);
      if (!consentCovers(consent, request.claims, request.purpose, new Date())) return res.redirect(303, `/login/${uid}/consent`);
      await this.gateway.finishLogin(res, interaction, request);
    });
  }

  @Get(':uid/consent')
  async consent(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction, lang) => {
      const request = await this.decidedRequest(uid);
      if (!request || request.status !== 'approved') return res.redirect(303, `/login/${uid}/continue`);
      html(res, 200, consentPage(lang, uid, declarationFor(request.relyingParty, request.claims, request.purpose)));
    });
  }

  @Post(':uid/consent')
  async decide(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async (interaction) => {
      const request = await this.decidedRequest(uid);
      if (!request || request.status !== 'approved') return res.redirect(303, `/login/${uid}/continue`);
      if (!satisfies(request.assurance ?? 'medium', interaction.subject.acr)) return res.redirect(303, `/login/${uid}/continue`);
      if (req.body?.decision !== 'agree') {
        // The latest answer stands: an "I agree" sent a moment before (a second tab, a double click) is undone.
        await this.gateway.consents.decline(personOf(request), request.clientId, `person:${request.civilNumber}`);
        await this.gateway.logins.deny(request, 'consent-declined');
        return this.gateway.refuse(req, res, 'access_denied', 'the person did not agree to share the data');
      }
      await this.gateway.consents.grant({ civilNumber: personOf(request), clientId: request.clientId, claims: request.claims, purpose: request.purpose, actor: `person:${request.civilNumber}` });
      await this.gateway.finishLogin(res, interaction, request);
    });
  }

  /** Cancel, or go back after a refusal: the relying party gets the OAuth error. */
  @Post(':uid/abort')
  async abort(@Param('uid') uid: string, @Req() req: Request, @Res() res: Response) {
    await this.step(req, res, async () => {
      const request = await this.gateway.logins.latestOfInteraction(uid);
      if (request?.status === 'denied' && request.denial === 'assurance-too-low') {
        return this.gateway.refuse(req, res, 'unmet_authentication_requirements', 'the relying party requires high assurance and the identity is at medium');
      }
      const description = request?.status === 'denied' ? `the login was refused (${request.denial})` : 'the person cancelled the login';
      await this.gateway.refuse(req, res, 'access_denied', description);
    });
  }

  /** The first page, with the ID card as a third choice when the platform offers it (its script allowed then). */
  private chooser(res: Response, status: number, lang: Language, uid: string, view: OpenInteraction['view'], problem?: Parameters<typeof choosePage>[3]): void {
    const card = Boolean(this.gateway.cardLogins);
    if (card) res.setHeader('content-security-policy', "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    html(res, status, choosePage(lang, uid, view, problem, { card }));
  }

  private async decidedRequest(uid: string): Promise<LoginRequest | undefined> {
    const request = await this.gateway.logins.latestOfInteraction(uid);
    return request && (request.status === 'approved' || request.status === 'denied') ? request : undefined;
  }

  /** Each step: the interaction read from its cookie, the language, and the refusals turned into pages or OAuth errors. */
  private async step(req: Request, res: Response, work: (interaction: OpenInteraction, lang: Language) => Promise<unknown>): Promise<void> {
    const lang = languageOf(req, res, this.cookies);
    res.setHeader('cache-control', 'no-store');
    // No script at all, inline SVG for the QR code. No form-action: Chrome applies it to the redirect
    // chain after a form, and the consent form ends at the relying party's origin.
    res.setHeader('content-security-policy', "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      await this.gateway.readsTogether(async () => work(await this.gateway.openInteraction(req, res), lang));
    } catch (error) {
      if (error instanceof LoginRequestRefused) return void (await this.gateway.refuse(req, res, error.error, error.description));
      if (error instanceof InteractionGone) return void html(res, 400, this.gateway.goneInteractionPage(lang));
      // Two tabs (or a tab and the wallet) changed the same login at once: show where it stands now.
      if (error instanceof LoginError && error.code === 'login-decided') return void res.redirect(303, `/login/${req.params.uid}/continue`);
      throw error;
    }
  }

  private async browserKey(req: Request, res: Response): Promise<string> {
    let id = cookie(req, BROWSER_COOKIE);
    if (!id || !/^[A-Za-z0-9_-]{22}$/.test(id)) {
      id = randomBytes(16).toString('base64url');
      res.cookie(BROWSER_COOKIE, id, { ...this.cookies, httpOnly: true, path: '/login' });
    }
    return this.gateway.secrets.browserKey(id);
  }
}

function html(res: Response, status: number, body: string): void {
  res.status(status).type('html').send(body);
}

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** `?lang=` wins and is remembered; otherwise the cookie; Arabic by default. */
function languageOf(req: Request, res: Response, cookies: CookieOptions): Language {
  const asked = req.query.lang;
  if (asked === 'en' || asked === 'ar') {
    res.cookie('theqa_lang', asked, { ...cookies, path: '/' });
    return asked;
  }
  return cookie(req, 'theqa_lang') === 'en' ? 'en' : 'ar';
}
