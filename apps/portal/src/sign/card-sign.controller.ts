import { Controller, Get, Param, Post, Req, Res, UploadedFile, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { csrfMatches, type PortalSession } from '@theqa/portal-sessions';
import { SigningServiceError, type CardSignature } from '@theqa/signing';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { field, languageOf, PortalHttp, type SessionRequest } from '../http/portal-http';
import { CARD_SIGNING_REFUSALS, cardSignRefusedPage, cardSignReviewPage } from '../pages/card-sign-pages';
import { notFoundPage } from '../pages/problem-pages';
import { CardSignUploadPage } from './card-sign-upload-page';
import { checkSignForm, documentProblem, readSignForm, type UploadedPdf } from './sign-form';
import { SignUploadErrorsFilter } from './sign-upload-errors.filter';
import { SignUploadGuard, type SignUploadRequest } from './sign-upload.guard';

/** An upload's id (16 random bytes, base64url). */
const UPLOAD_ID = /^[A-Za-z0-9_-]{22}$/;

/**
 * "Sign a PDF with the ID card", the Tam flow: upload, review, the card and PIN2 (Web eID, through the
 * page's script: the card's signing certificate in, the hash to sign out, the card's signature in),
 * download. The JSON steps are the page's script's only: same origin, the session's form token; their
 * refusals lead the page to a refusal page in the person's language, never a 500.
 */
@Controller('portal/sign/card')
@UseFilters(PortalErrorsFilter)
export class CardSignController {
  constructor(
    private readonly http: PortalHttp,
    private readonly page: CardSignUploadPage,
  ) {}

  @Get()
  async form(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign/card', ({ session, lang }) => this.page.send(res, 200, session, lang));
  }

  @Post()
  @UseGuards(SignUploadGuard)
  @UseInterceptors(FileInterceptor('document'))
  @UseFilters(SignUploadErrorsFilter)
  async upload(@Req() req: SignUploadRequest, @Res() res: Response, @UploadedFile() file: UploadedPdf | undefined): Promise<void> {
    const session = req.portalSession;
    if (!session) throw new Error('the upload guard admits a session only');
    const lang = languageOf(req);
    if (!csrfMatches(session.csrfToken, field(req, 'csrf'))) return this.http.refuse(res, lang, '/portal/sign/card', session);
    const values = readSignForm(req.body);
    const checked = checkSignForm(values, file);
    if (!checked.ok) return this.page.send(res, 400, session, lang, { values, problems: checked.problems });
    let uploaded: CardSignature;
    try {
      uploaded = await this.page.cards.upload(session.civilNumber, { document: checked.document, documentName: checked.documentName, reason: checked.reason });
    } catch (error) {
      if (!(error instanceof SigningServiceError)) throw error;
      const status = error.code === 'document-too-large' ? 413 : 422;
      return this.page.send(res, status, session, lang, { values, problems: [documentProblem(error, this.page.maxDocumentBytes)] });
    }
    this.http.redirect(res, `/portal/sign/card/${uploaded.id}`);
  }

  @Get(':id')
  async review(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign/card', async (request) => {
      const found = await this.find(request.session, id);
      if (!found) return this.notFound(res, request);
      this.http.send(res, 200, cardSignReviewPage({ ...request.context, path: `/portal/sign/card/${found.id}` }, found));
    });
  }

  @Get(':id/document')
  async document(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign/card', async (request) => {
      const pdf = UPLOAD_ID.test(id) ? await this.page.cards.submittedDocument(request.session.civilNumber, id) : undefined;
      if (!pdf) return this.notFound(res, request);
      res.status(200).type('application/pdf').setHeader('content-disposition', 'inline; filename="document.pdf"');
      res.send(pdf);
    });
  }

  @Get(':id/signed')
  async signed(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign/card', async (request) => {
      const found = await this.find(request.session, id);
      if (!found) return this.notFound(res, request);
      const pdf = found.status === 'signed' ? await this.page.cards.signedDocument(request.session.civilNumber, found.id) : undefined;
      if (!pdf) return this.http.send(res, 409, cardSignRefusedPage({ ...request.context, path: `/portal/sign/card/${found.id}/signed` }, 'request-not-pending', found.id));
      const ascii = found.document.name.en.replace(/[^A-Za-z0-9 ._()-]/g, '').trim().slice(0, 120) || `document-${found.id.slice(0, 8)}`;
      res.status(200).type('application/pdf').setHeader('content-disposition', `attachment; filename="${ascii}-signed.pdf"`);
      res.send(pdf);
    });
  }

  @Get(':id/refused/:code')
  async refused(@Param('id') id: string, @Param('code') code: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign/card', async (request) => {
      if (!UPLOAD_ID.test(id) || !Object.hasOwn(CARD_SIGNING_REFUSALS, code)) return this.notFound(res, request);
      this.http.send(res, 200, cardSignRefusedPage({ ...request.context, path: `/portal/sign/card/${id}/refused/${code}` }, code, id));
    });
  }

  /** Phase one (the page's script): the card's signing certificate; the answer is the hash the card signs. */
  @Post(':id/certificate')
  async certificate(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.step(req, res, id, async (session) => {
      const outcome = await this.page.cards.prepare(session.civilNumber, id, req.body?.certificate);
      if (!outcome.ok) return this.refusal(res, id, outcome.code);
      res.status(200).json({ hash: outcome.hash, hashFunction: outcome.hashFunction });
    });
  }

  /** Phase two (the page's script): the card's signature; the answer is where the page goes next. */
  @Post(':id/signature')
  async signature(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.step(req, res, id, async (session) => {
      const outcome = await this.page.cards.complete(session.civilNumber, id, req.body?.signature);
      if (!outcome.ok) return this.refusal(res, id, outcome.code);
      res.status(200).json({ location: `/portal/sign/card/${id}` });
    });
  }

  /**
   * A JSON step of the page's script: from this origin, JSON, of a live session, with its form token,
   * for an upload id; otherwise a problem (RFC 9457) — or the login page to go to — nothing changed.
   */
  private async step(req: Request, res: Response, id: string, work: (session: PortalSession) => Promise<void>): Promise<void> {
    const problem = (status: number, title: string, location?: string) => void res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, ...(location ? { location } : {}) }));
    if (!this.http.sameOrigin(req)) return problem(403, 'not from the portal');
    if (!req.is('application/json')) return problem(415, 'JSON expected');
    const session = await this.http.resume(req);
    if (!session) return problem(401, 'no session', '/portal/login?ended=session');
    if (!csrfMatches(session.csrfToken, req.body?.csrf)) return problem(403, 'the form token does not match');
    if (!UPLOAD_ID.test(id)) return problem(404, 'no such upload');
    await work(session);
  }

  private refusal(res: Response, id: string, code: string): void {
    const known = Object.hasOwn(CARD_SIGNING_REFUSALS, code) ? code : 'form-invalid';
    res.status(422).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title: 'refused', status: 422, code: known, location: `/portal/sign/card/${id}/refused/${known}` }));
  }

  private async find(session: PortalSession, id: string): Promise<CardSignature | undefined> {
    if (!UPLOAD_ID.test(id)) return undefined;
    return this.page.cards.find(session.civilNumber, id);
  }

  private notFound(res: Response, request: SessionRequest): void {
    this.http.send(res, 404, notFoundPage(request.context));
  }
}
