import { Catch, Controller, Get, HttpCode, HttpException, Inject, Injectable, Post, Req, Res, UploadedFile, UseFilters, UseGuards, UseInterceptors, type ArgumentsHost, type CanActivate, type ExceptionFilter, type ExecutionContext } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { ProblemException, Problems, defineProblem } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';
import { PadesError, type ValidationReport } from '@theqa/pades';
import { SIGNING_APP, type SigningAppDependencies } from '../signing-app-dependencies';
import { readPdfBody } from './read-pdf-body';
import { READ_FAILURE, validationFormPage, validationReportPage } from './validation-page';

const PATH = '/sign/validation';
const NOT_A_PDF = defineProblem('document-unreadable', 422, 'The file is not a readable PDF', 'الملف ليس مستند PDF مقروءاً');
const RATE_LIMITED = defineProblem('rate-limited', 429, 'Too many documents from this address; try again later', 'مستندات كثيرة جداً من هذا العنوان؛ حاول لاحقاً');
const PAGE_ERRORS: Record<number, Bilingual> = {
  413: { ar: 'حجم الملف أكبر من المسموح.', en: 'The file is larger than accepted.' },
  429: { ar: 'طلبات كثيرة جداً؛ حاول بعد دقيقة.', en: 'Too many requests; try again in a minute.' },
};

const languageOf = (req: Request): Language => (req.query.lang === 'en' || (req.query.lang !== 'ar' && req.cookies?.theqa_lang === 'en') ? 'en' : 'ar');

/** The page's errors are pages too: an upload refused by its size or its rate is told in the page's language. */
@Catch()
class ValidationPageErrors implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = error instanceof HttpException ? error.getStatus() : error instanceof ProblemException ? error.problem.status : 500;
    if (status >= 500) throw error;
    const message = PAGE_ERRORS[status] ?? READ_FAILURE;
    res.status(status).type('html').send(validationFormPage({ lang: languageOf(req), path: PATH }, message));
  }
}

/**
 * Each address's allowance, decided before anything of the request is read: a limited caller's upload
 * costs one statement, not a multipart parse.
 */
@Injectable()
class ValidationAdmission implements CanActivate {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const verdict = await this.app.admitValidation(req.ip ?? 'unknown');
    if (!verdict.allowed) throw new ProblemException(RATE_LIMITED, 'validation is limited per address', { retry_after: verdict.retryAfterSeconds });
    return true;
  }
}

/**
 * Public validation of signed PDFs: an API (`application/pdf` in, the ETSI report as JSON out) and a
 * page (upload, a readable report in Arabic or English). Anyone may use them, so each address is
 * limited; the platform's root is the trust anchor and the platform's OCSP responder is asked for
 * what a file does not carry.
 */
@Controller('sign/validation')
export class ValidationController {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  @Post()
  @HttpCode(200)
  @UseGuards(ValidationAdmission)
  async api(@Req() req: Request): Promise<unknown> {
    if (!req.is('application/pdf')) throw new ProblemException(Problems.unsupportedMediaType, 'Send the PDF itself as the body, with Content-Type: application/pdf');
    const pdf = await readPdfBody(req, this.app.requests.maxDocumentBytes);
    return this.validate(pdf);
  }

  @Get()
  form(@Req() req: Request, @Res() res: Response): void {
    res.type('html').send(validationFormPage({ lang: languageOf(req), path: PATH }));
  }

  @Post('report')
  @HttpCode(200)
  @UseFilters(ValidationPageErrors)
  @UseGuards(ValidationAdmission)
  @UseInterceptors(FileInterceptor('document'))
  async report(@Req() req: Request, @Res() res: Response, @UploadedFile() file: { buffer: Buffer; originalname: string } | undefined): Promise<void> {
    const context = { lang: languageOf(req), path: PATH };
    if (!file?.buffer.length) {
      res.status(400).type('html').send(validationFormPage(context, { ar: 'اختر ملف PDF أولاً.', en: 'Choose a PDF file first.' }));
      return;
    }
    let report: ValidationReport;
    try {
      report = await this.validate(file.buffer);
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      res.status(422).type('html').send(validationFormPage(context, READ_FAILURE));
      return;
    }
    res.type('html').send(validationReportPage(context, report, file.originalname));
  }

  private async validate(pdf: Buffer): Promise<ValidationReport> {
    try {
      return await this.app.validate(pdf);
    } catch (error) {
      if (error instanceof PadesError) throw new ProblemException(NOT_A_PDF, error.message, { code: error.code });
      throw error;
    }
  }
}
