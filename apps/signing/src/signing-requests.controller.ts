import { Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ProblemException, Problems } from '@theqa/http-shell';
import { RelyingPartyGuard, type AuthenticatedRequest } from './relying-party.guard';
import { SIGNING_APP, type SigningAppDependencies } from './signing-app-dependencies';
import { asSigningProblem } from './signing-problems';
import { signingRequestView } from './signing-request-view';
import { UploadProblemsInterceptor } from './upload-problems.interceptor';

/** What multer keeps of the uploaded file (in memory). */
interface UploadedDocument {
  buffer: Buffer;
  size: number;
}

/** The upload's form fields (multipart/form-data); the file is the `document` part. */
interface SigningRequestForm {
  civil_number?: string;
  document_name_ar?: string;
  document_name_en?: string;
  reason?: string;
  level?: string;
  /** JSON: {"page": 1, "x": 350, "y": 60, "width": 200, "height": 70}. */
  appearance?: string;
  webhook_url?: string;
}

/**
 * The relying parties' signing API: submit a PDF for a citizen's signature, follow the request, fetch
 * the signed file. Every route authenticates the relying party first; a request is visible only to
 * the party that made it.
 */
@Controller('sign/requests')
@UseGuards(RelyingPartyGuard)
export class SigningRequestsController {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(UploadProblemsInterceptor, FileInterceptor('document'))
  create(@Req() req: AuthenticatedRequest, @UploadedFile() file: UploadedDocument | undefined) {
    return asSigningProblem(async () => {
      if (!req.is('multipart/form-data')) throw new ProblemException(Problems.unsupportedMediaType, 'Send the request as multipart/form-data with the PDF in the "document" part');
      const form = (req.body ?? {}) as SigningRequestForm;
      const rp = req.relyingParty;
      const request = await this.app.requests.create(
        { clientId: rp.clientId, name: rp.name },
        {
          civilNumber: form.civil_number,
          document: file?.buffer ?? Buffer.alloc(0),
          documentName: { ar: form.document_name_ar, en: form.document_name_en },
          reason: form.reason,
          level: form.level,
          appearance: parseAppearance(form.appearance),
          webhookUrl: form.webhook_url,
        },
      );
      return signingRequestView(request, this.app.publicBaseUrl);
    });
  }

  @Get(':id')
  status(@Req() req: AuthenticatedRequest, @Param('id') id: string) {
    return asSigningProblem(async () => signingRequestView(await this.app.requests.statusFor(req.relyingParty.clientId, id), this.app.publicBaseUrl));
  }

  @Get(':id/document')
  async document(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Res() res: Response): Promise<void> {
    const { request, pdf } = await asSigningProblem(() => this.app.requests.signedDocumentFor(req.relyingParty.clientId, id));
    res
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="${request.id}.pdf"`)
      .setHeader('Cache-Control', 'no-store')
      .send(pdf);
  }
}

/** The appearance field is JSON text in a form; anything unreadable is passed on as is, for the request check to name. */
function parseAppearance(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '' || text === 'null') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
