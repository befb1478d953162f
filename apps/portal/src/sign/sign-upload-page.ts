import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Bilingual } from '@theqa/kernel';
import type { PortalSession } from '@theqa/portal-sessions';
import type { SigningErrorCode } from '@theqa/signing';
import { PortalHttp } from '../http/portal-http';
import { signUploadPage } from '../pages/sign-pages';
import type { PortalAppDependencies, PortalSigning } from '../portal-app-dependencies';
import { emptySignForm, type SignFormProblem, type SignFormValues } from './sign-form';

/** The signing service: the routes that use it are registered only when it is wired (PortalModule). */
export function signingOf(app: PortalAppDependencies): PortalSigning {
  if (!app.signing) throw new Error('"sign a PDF" is served only with the signing service wired');
  return app.signing;
}

/** How many of the person's requests the page lists. */
export const RECENT_REQUESTS = 10;

/**
 * The "sign a PDF" page as every answer of its form shows it — first visit, a refused form, a refusal
 * before the form was read — with the person's recent requests and, when they cannot sign, why.
 */
@Injectable()
export class SignUploadPage {
  constructor(private readonly http: PortalHttp) {}

  get signing(): PortalSigning {
    return signingOf(this.http.app);
  }

  async send(
    res: Response,
    status: number,
    session: PortalSession,
    lang: 'ar' | 'en',
    view: { values?: SignFormValues; problems?: SignFormProblem[]; formProblem?: Bilingual; signerProblem?: SigningErrorCode } = {},
  ): Promise<void> {
    const [signerProblem, recent] = await Promise.all([
      view.signerProblem ? Promise.resolve(view.signerProblem) : this.signing.signerProblem(session.civilNumber),
      this.signing.recent(session.civilNumber, RECENT_REQUESTS),
    ]);
    const context = this.http.context(lang, '/portal/sign', session) as Parameters<typeof signUploadPage>[0];
    this.http.send(
      res,
      status,
      signUploadPage(context, {
        signerProblem,
        values: view.values ?? emptySignForm(),
        problems: view.problems ?? [],
        formProblem: view.formProblem,
        recent,
        maxDocumentBytes: this.signing.maxDocumentBytes,
        cardSigning: this.http.app.cardSigning !== undefined,
      }),
    );
  }
}
