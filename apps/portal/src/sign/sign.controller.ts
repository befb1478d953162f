import { Controller, Get, Param, Post, Req, Res, UploadedFile, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { csrfMatches } from '@theqa/portal-sessions';
import { SigningServiceError, type SigningRequest } from '@theqa/signing';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { field, languageOf, PortalHttp, type SessionRequest } from '../http/portal-http';
import { notFoundPage } from '../pages/problem-pages';
import { notSignedYetPage, REFRESH_ROUNDS, signReviewPage } from '../pages/sign-pages';
import { checkSignForm, documentProblem, readSignForm, type UploadedPdf } from './sign-form';
import { SignUploadErrorsFilter } from './sign-upload-errors.filter';
import { SignUploadPage } from './sign-upload-page';
import { SignUploadGuard, type SignUploadRequest } from './sign-upload.guard';

/** A signing request's id as the signing service makes them (16 random bytes, base64url). */
const REQUEST_ID = /^[A-Za-z0-9_-]{22}$/;
const SIGNER_PROBLEMS = new Set(['signer-unknown', 'signer-not-high', 'signer-no-signing-key', 'signer-blocked', 'signer-certificate-invalid']);

/**
 * "Sign a PDF", the older Tam service's flow: upload (a PDF, its name, a reason), review (the facts
 * the wallet will show, its code, the first page), approve in the THEQA app, download the signed file.
 * The request is the portal's own, as a relying party of the signing service, for the person logged
 * in; only they see it.
 */
@Controller('portal/sign')
@UseFilters(PortalErrorsFilter)
export class SignController {
  constructor(
    private readonly http: PortalHttp,
    private readonly page: SignUploadPage,
  ) {}

  @Get()
  async form(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign', ({ session, lang }) => this.page.send(res, 200, session, lang));
  }

  @Post()
  @UseGuards(SignUploadGuard)
  @UseInterceptors(FileInterceptor('document'))
  @UseFilters(SignUploadErrorsFilter)
  async upload(@Req() req: SignUploadRequest, @Res() res: Response, @UploadedFile() file: UploadedPdf | undefined): Promise<void> {
    const session = req.portalSession;
    if (!session) throw new Error('the upload guard admits a session only');
    const lang = languageOf(req);
    if (!csrfMatches(session.csrfToken, field(req, 'csrf'))) return this.http.refuse(res, lang, '/portal/sign', session);
    const values = readSignForm(req.body);
    const checked = checkSignForm(values, file);
    if (!checked.ok) return this.page.send(res, 400, session, lang, { values, problems: checked.problems });
    const signing = this.page.signing;
    let request: SigningRequest;
    try {
      request = await signing.create(session.civilNumber, { document: checked.document, documentName: checked.documentName, reason: checked.reason });
    } catch (error) {
      if (!(error instanceof SigningServiceError)) throw error;
      // Could sign a moment ago (the guard asked), cannot now: a device reported lost meanwhile, say.
      if (SIGNER_PROBLEMS.has(error.code)) return this.page.send(res, 403, session, lang, { signerProblem: error.code });
      const status = error.code === 'document-too-large' ? 413 : 422;
      return this.page.send(res, status, session, lang, { values, problems: [documentProblem(error, signing.maxDocumentBytes)] });
    }
    this.http.redirect(res, `/portal/sign/${request.id}`);
  }

  @Get(':id')
  async review(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign', async (request) => {
      const found = await this.find(request, id);
      if (!found) return this.notFound(res, request);
      const asked = Number(req.query.wait);
      const rounds = Number.isInteger(asked) && asked > 0 ? Math.min(asked, REFRESH_ROUNDS) : 0;
      this.http.send(res, 200, signReviewPage({ ...request.context, path: `/portal/sign/${found.id}` }, found, rounds));
    });
  }

  /** The PDF as uploaded: the review page's link, and what its script draws the first page of. */
  @Get(':id/document')
  async document(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign', async (request) => {
      const found = await this.find(request, id);
      const pdf = found && (await this.page.signing.submittedDocument(request.session.civilNumber, found.id));
      if (!found || !pdf) return this.notFound(res, request);
      // Revalidated rather than refetched on each refresh of the waiting page: the bytes never change.
      const etag = `"${found.document.sha256}"`;
      res.setHeader('cache-control', 'private, no-cache');
      res.setHeader('etag', etag);
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      res.status(200).type('application/pdf').setHeader('content-disposition', contentDisposition('inline', found, request.lang, ''));
      res.send(pdf);
    });
  }

  /** The signed PDF, once signed, as a download. */
  @Get(':id/signed')
  async signed(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/sign', async (request) => {
      const found = await this.find(request, id);
      if (!found) return this.notFound(res, request);
      const pdf = found.status === 'signed' ? await this.page.signing.signedDocument(request.session.civilNumber, found.id) : undefined;
      if (!pdf) return this.http.send(res, 409, notSignedYetPage({ ...request.context, path: `/portal/sign/${found.id}/signed` }, found));
      res.status(200).type('application/pdf').setHeader('content-disposition', contentDisposition('attachment', found, request.lang, '-signed'));
      res.send(pdf);
    });
  }

  private async find(request: SessionRequest, id: string): Promise<SigningRequest | undefined> {
    if (!REQUEST_ID.test(id)) return undefined;
    return this.page.signing.find(request.session.civilNumber, id);
  }

  private notFound(res: Response, request: SessionRequest): void {
    this.http.send(res, 404, notFoundPage(request.context));
  }
}

/**
 * The file's name for the browser: the document's name in the page's language (RFC 6266 `filename*`,
 * UTF-8), and a plain ASCII fallback for clients that read only `filename`.
 */
function contentDisposition(kind: 'inline' | 'attachment', request: SigningRequest, lang: 'ar' | 'en', suffix: string): string {
  const name = request.document.name[lang].replace(/[\p{Cc}\p{Cf}/\\"]/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'document';
  const ascii = name.replace(/[^A-Za-z0-9 ._()-]/g, '').trim() || `document-${request.id.slice(0, 8)}`;
  const encoded = encodeURIComponent(`${name}${suffix}.pdf`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}${suffix}.pdf"; filename*=UTF-8''${encoded}`;
}
