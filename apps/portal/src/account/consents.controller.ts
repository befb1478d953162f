import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConsentError, type ConsentRecord, CONSENT_RECEIPT_MEDIA_TYPE } from '@theqa/consent';
import type { Bilingual } from '@theqa/kernel';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { PortalHttp, type SessionRequest } from '../http/portal-http';
import { consentsPage, withdrawPage, type ConsentView } from '../pages/consents-pages';
import { notFoundPage } from '../pages/problem-pages';

const CONSENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const WITHDRAW_REFUSED: Record<string, Bilingual> = {
  'consent-withdrawn': { ar: 'سُحبت هذه الموافقة من قبل.', en: 'This consent was withdrawn already.' },
  'consent-replaced': { ar: 'استُبدلت هذه الموافقة بموافقة أحدث؛ اسحب الأحدث.', en: 'A newer consent replaced this one; withdraw the newer one.' },
  'consent-unknown': { ar: 'لا توجد هذه الموافقة.', en: 'There is no such consent.' },
};

/** The person's consents to relying parties: the list, withdrawal (with a confirmation step), receipts. */
@Controller('portal/consents')
@UseFilters(PortalErrorsFilter)
export class ConsentsController {
  constructor(private readonly http: PortalHttp) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/consents', async (request) => {
      const consents = await this.views(request);
      const withdrawn = typeof req.query.withdrawn === 'string' ? consents.find((c) => c.consent.id === req.query.withdrawn && c.consent.withdrawnAt) : undefined;
      this.http.send(res, 200, consentsPage(request.context, { consents, now: new Date(), receipts: !!this.http.app.receipts, withdrawn }));
    });
  }

  @Get(':id/withdraw')
  async confirm(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/consents', async (request) => {
      const view = (await this.views(request)).find((c) => c.consent.id === id);
      if (!view || view.consent.withdrawnAt || view.consent.replacedAt) return this.http.send(res, 404, notFoundPage(request.context));
      this.http.send(res, 200, withdrawPage({ ...request.context, path: `/portal/consents/${id}/withdraw` }, view));
    });
  }

  @Post(':id/withdraw')
  async withdraw(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, '/portal/consents', async (request) => {
      // Only a consent of this person: the id alone names nobody's consent to anyone else.
      const owned = CONSENT_ID.test(id) ? await this.consentOf(request, id) : undefined;
      if (!owned) return this.http.send(res, 404, notFoundPage(request.context));
      try {
        await this.http.app.consents.withdraw(id, `person:${request.session.civilNumber}`);
      } catch (error) {
        if (!(error instanceof ConsentError)) throw error;
        const consents = await this.views(request);
        return this.http.send(res, 409, consentsPage(request.context, { consents, now: new Date(), receipts: !!this.http.app.receipts, problem: WITHDRAW_REFUSED[error.code] ?? WITHDRAW_REFUSED['consent-unknown'] }));
      }
      this.http.redirect(res, `/portal/consents?withdrawn=${encodeURIComponent(id)}`);
    });
  }

  /** The consent's receipt (a JWS the platform signed), for download; absent until receipts are wired. */
  @Get(':id/receipt')
  async receipt(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/consents', async (request) => {
      const receipts = this.http.app.receipts;
      const owned = receipts && CONSENT_ID.test(id) ? await this.consentOf(request, id) : undefined;
      if (!receipts || !owned) return this.http.send(res, 404, notFoundPage(request.context));
      const { jws, fileName } = await receipts(id, request.session.civilNumber);
      const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || `consent-${id}.jws`;
      res.status(200).setHeader('content-type', CONSENT_RECEIPT_MEDIA_TYPE).setHeader('content-disposition', `attachment; filename="${safeName}"`);
      res.send(Buffer.from(jws, 'ascii'));
    });
  }

  private async consentOf(request: SessionRequest, id: string): Promise<ConsentRecord | undefined> {
    return (await this.http.app.consents.list(request.session.civilNumber)).find((c) => c.id === id);
  }

  /** The person's consents, newest first, each with its relying party's name. */
  private async views(request: SessionRequest): Promise<ConsentView[]> {
    const consents = [...(await this.http.app.consents.list(request.session.civilNumber))].sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime());
    const names = new Map<string, Bilingual | undefined>();
    for (const clientId of new Set(consents.map((c) => c.clientId))) names.set(clientId, await this.http.app.relyingPartyName(clientId));
    return consents.map((consent) => ({ consent, relyingParty: names.get(consent.clientId) ?? { ar: consent.clientId, en: consent.clientId } }));
  }
}
