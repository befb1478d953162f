import { BadRequestException, Catch, PayloadTooLargeException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { languageOf, PortalHttp } from '../http/portal-http';
import { badRequestPage } from '../pages/problem-pages';
import { readSignForm, tooLargeProblem, tooManyUploads } from './sign-form';
import { CardSignUploadPage } from './card-sign-upload-page';
import { SignUploadPage } from './sign-upload-page';
import { isCardUpload, UploadRefused, type SignUploadRequest } from './sign-upload.guard';

/**
 * The upload's refusals as pages in the person's language: those of the guard (nothing of the body
 * read: the connection closes after the answer rather than taking the rest in), and multer's (the
 * file over the limit, a malformed form), with what was typed kept when it was read. Anything else is
 * the portal's usual error page.
 */
@Catch()
export class SignUploadErrorsFilter implements ExceptionFilter {
  constructor(
    private readonly http: PortalHttp,
    private readonly walletPage: SignUploadPage,
    private readonly cardPage: CardSignUploadPage,
    private readonly errors: PortalErrorsFilter,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<SignUploadRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    this.answer(error, req, res).catch((failure: unknown) => this.errors.catch(failure, host));
  }

  private async answer(error: unknown, req: SignUploadRequest, res: Response): Promise<void> {
    const lang = languageOf(req);
    // The card's upload page shows its own refusals; it has no signer problem to show.
    const page = isCardUpload(req) && this.http.app.cardSigning ? { send: this.cardPage.send.bind(this.cardPage), signing: this.walletPage.signing } : this.walletPage;
    if (error instanceof UploadRefused) {
      if (!req.complete) res.setHeader('connection', 'close');
      const { session } = error;
      if (error.reason === 'foreign') return this.http.refuse(res, lang, isCardUpload(req) ? '/portal/sign/card' : '/portal/sign');
      if (error.reason === 'not-a-form') return this.http.send(res, 400, badRequestPage(this.http.context(lang, '/portal/sign'), { ar: 'هذا ليس نموذجاً من نماذج البوابة.', en: "This is not one of the portal's forms." }));
      if (!session) return this.http.toLogin(req, res);
      switch (error.reason) {
        case 'length-required':
          return page.send(res, 411, session, lang, { formProblem: { ar: 'لم يذكر المتصفح حجم النموذج المرسل، فلم يُقبل. أعد المحاولة من هذه الصفحة.', en: 'The browser did not declare the size of the form sent, so it was not accepted. Try again from this page.' } });
        case 'too-large':
          return page.send(res, 413, session, lang, { problems: [tooLargeProblem(page.signing.maxDocumentBytes)] });
        case 'too-many': {
          const seconds = error.retryAfterSeconds ?? 3600;
          res.setHeader('retry-after', String(seconds));
          return page.send(res, 429, session, lang, { formProblem: tooManyUploads(seconds) });
        }
        default:
          return this.walletPage.send(res, 403, session, lang, { signerProblem: error.signerProblem });
      }
    }
    const session = req.portalSession;
    if (session && error instanceof PayloadTooLargeException) {
      // The fields come before the file in the form: what was typed was read, and is kept.
      return page.send(res, 413, session, lang, { values: readSignForm(req.body), problems: [tooLargeProblem(page.signing.maxDocumentBytes)] });
    }
    if (session && error instanceof BadRequestException) {
      return page.send(res, 400, session, lang, { values: readSignForm(req.body), formProblem: { ar: 'تعذّرت قراءة النموذج المرسل. اختر الملف مرة أخرى وأرسله من هذه الصفحة.', en: 'The form sent could not be read. Choose the file again and send it from this page.' } });
    }
    throw error;
  }
}
