import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { Bilingual } from '@theqa/kernel';
import type { PortalSession } from '@theqa/portal-sessions';
import { PortalHttp } from '../http/portal-http';
import { cardSignUploadPage } from '../pages/card-sign-pages';
import type { PortalAppDependencies, PortalCardSigning } from '../portal-app-dependencies';
import { emptySignForm, type SignFormProblem, type SignFormValues } from './sign-form';
import { RECENT_REQUESTS, signingOf } from './sign-upload-page';

/** Signing with the ID card: its routes are registered only when it is wired (PortalModule). */
export function cardSigningOf(app: PortalAppDependencies): PortalCardSigning {
  if (!app.cardSigning) throw new Error('"sign a PDF with the ID card" is served only with card signing wired');
  return app.cardSigning;
}

/** The card's upload page as every answer of its form shows it (first visit, a refused form, a refusal before it was read). */
@Injectable()
export class CardSignUploadPage {
  constructor(private readonly http: PortalHttp) {}

  get cards(): PortalCardSigning {
    return cardSigningOf(this.http.app);
  }

  get maxDocumentBytes(): number {
    return signingOf(this.http.app).maxDocumentBytes;
  }

  async send(res: Response, status: number, session: PortalSession, lang: 'ar' | 'en', view: { values?: SignFormValues; problems?: SignFormProblem[]; formProblem?: Bilingual } = {}): Promise<void> {
    const recent = await this.cards.recent(session.civilNumber, RECENT_REQUESTS);
    const context = this.http.context(lang, '/portal/sign/card', session) as Parameters<typeof cardSignUploadPage>[0];
    this.http.send(res, status, cardSignUploadPage(context, { values: view.values ?? emptySignForm(), problems: view.problems ?? [], formProblem: view.formProblem, recent, maxDocumentBytes: this.maxDocumentBytes }));
  }
}
