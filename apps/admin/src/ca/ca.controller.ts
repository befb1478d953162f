import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationError, type AdministrativeAction, type Performed } from '@theqa/administration';
import { CaError, toPem, type CertificateRecord } from '@theqa/ca';
import { CaOperationsError } from '@theqa/ca-service';
import type { Bilingual } from '@theqa/kernel';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, field, type AdminRequest } from '../http/admin-http';
import { authoritiesPage, type AuthoritiesView, type PublishedCrl } from '../pages/authorities-page';
import { CERTIFICATE_DONE, certificatePage, type CertificateView } from '../pages/certificate-page';
import { CERTIFICATE_FILTERS, certificateSearchPage, type CertificateFilters } from '../pages/certificate-search-page';
import { notFoundPage } from '../pages/problem-pages';
import type { CaConsole } from './ca-console';
import { isRevokeReason } from './revocation-reasons';
import { parseInvalidityDate } from './invalidity-date';

/** A serial as the ledger writes it: upper-case hex, whole octets, at most 20 of them. */
const LEDGER_SERIAL = /^(?:[0-9A-F]{2}){1,20}$/;

const MESSAGES = {
  notAForm: { ar: 'الطلب غير صالح: أعد المحاولة من النموذج.', en: 'The request is not valid: try again from the form.' },
  reason: { ar: 'سبب الإلغاء غير معروف: اختر سبباً من أسباب RFC 5280 في القائمة.', en: 'The revocation reason is not known: choose one of the RFC 5280 reasons in the list.' },
  crlIssuer: { ar: 'جهة التصديق غير معروفة: اختر جهة من القائمة.', en: 'The CA is not known: choose one from the list.' },
  unavailable: { ar: 'هذا الإجراء غير متاح في هذه المنصة الآن.', en: 'This action is not available on this platform now.' },
} satisfies Record<string, Bilingual>;

/**
 * The CA officer's section: the certificate search, a certificate's page with its PEM and its status
 * changes (revoke with a reason, hold, release), and the CAs with their keys, expiry warnings and
 * "publish a CRL now". Every change goes through `administration.perform`: four eyes where the
 * configuration asks (revoking another administrator's certificate), and the audit log always.
 */
@Controller('admin/ca')
@UseFilters(AdminErrorsFilter)
export class CaController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async authorities(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const ca = this.ca();
      if (!ca) return this.notFound(res, request);
      await this.showAuthorities(res, request, ca, 200, {});
    });
  }

  @Post('crls')
  async publishCrls(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const ca = this.ca();
      if (!ca) return this.notFound(res, request);
      const chosen = field(req, 'ca')?.trim() || 'all';
      if (chosen !== 'all' && !ca.crlIssuers().includes(chosen)) return this.showAuthorities(res, request, ca, 400, { error: MESSAGES.crlIssuer });
      const performed = await this.perform(request, 'crl.publish', chosen, chosen === 'all' ? {} : { ca: chosen });
      if (!performed) return this.showAuthorities(res, request, ca, 409, { error: MESSAGES.unavailable });
      if (performed.outcome === 'proposed') return this.showAuthorities(res, request, ca, 200, { message: { text: CERTIFICATE_DONE.proposed, kind: 'success' } });
      const published = publishedCrls(performed.result);
      return this.showAuthorities(res, request, ca, 200, {
        published,
        message: { text: { ar: `نُشرت ${published.length.toLocaleString('ar-OM')} من قوائم الإلغاء.`, en: `${published.length} CRL(s) published.` }, kind: 'success' },
      });
    });
  }

  @Get('certificates')
  async search(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const ca = this.ca();
      if (!ca) return this.notFound(res, request);
      const filters: CertificateFilters = {};
      let malformed = false;
      for (const name of CERTIFICATE_FILTERS) {
        const value = req.query[name];
        if (value === undefined) continue;
        if (typeof value !== 'string') malformed = true;
        else if (value.trim()) (filters as Record<string, string>)[name] = value.trim().slice(0, 100);
      }
      const after = typeof req.query.after === 'string' ? req.query.after : undefined;
      const searched = Object.keys(filters).length > 0;
      const context = { ...request.context, path: '/admin/ca/certificates', keep: filters as Record<string, string> };
      const view = { filters, cas: ca.crlIssuers(), searched };
      if (malformed || (req.query.after !== undefined && after === undefined)) return this.http.send(res, 400, certificateSearchPage(context, { ...view, error: MESSAGES.notAForm }));
      try {
        const page = await ca.searchCertificates({ ...(filters as Record<string, string>), after });
        // Looking people's certificates up is itself in the audit log, with what was asked.
        if (searched) await this.http.app.administration.record(request.administrator, 'certificate.view', filters.civilNumber ?? filters.serial ?? 'certificates', { filters });
        this.http.send(res, 200, certificateSearchPage(context, { ...view, page }));
      } catch (error) {
        if (!(error instanceof CaOperationsError)) throw error;
        this.http.send(res, 400, certificateSearchPage(context, { ...view, error: error.title }));
      }
    });
  }

  @Get('certificates/:serial')
  async certificate(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const record = await this.find(serial);
      if (!record) return this.notFound(res, request);
      const done = typeof req.query.done === 'string' && Object.hasOwn(CERTIFICATE_DONE, req.query.done) ? CERTIFICATE_DONE[req.query.done] : undefined;
      this.showCertificate(res, request, record, 200, { message: done && { text: done, kind: 'success' } });
    });
  }

  @Get('certificates/:serial/pem')
  async pem(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const record = await this.find(serial);
      if (!record?.der) return this.notFound(res, request);
      await this.http.app.administration.record(request.administrator, 'certificate.view', record.serialHex, { download: 'pem', holder: record.civilNumber ?? null });
      res.status(200).type('application/x-pem-file').setHeader('content-disposition', `attachment; filename="${record.serialHex}.pem"`);
      res.send(toPem(record.der));
    });
  }

  @Post('certificates/:serial/revoke')
  async revoke(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const record = await this.find(serial);
      if (!record) return this.notFound(res, request);
      const entered = { reason: field(req, 'reason'), invalidityDate: field(req, 'invalidityDate')?.trim(), comment: field(req, 'comment')?.trim().slice(0, 200) };
      if (!isRevokeReason(entered.reason)) return this.showCertificate(res, request, record, 400, { error: MESSAGES.reason, entered });
      const invalidity = parseInvalidityDate(entered.invalidityDate, new Date());
      if ('error' in invalidity) return this.showCertificate(res, request, record, 400, { error: invalidity.error, entered });
      const action = this.http.app.administration.revocationAction(request.administrator, record.civilNumber);
      const details = {
        reason: entered.reason,
        ...(invalidity.date ? { invalidityDate: invalidity.date.toISOString() } : {}),
        ...(entered.comment ? { comment: entered.comment } : {}),
        ca: record.issuer,
        holder: record.civilNumber ?? null,
      };
      await this.change(res, request, record, action, details, 'revoked', entered);
    });
  }

  @Post('certificates/:serial/hold')
  async hold(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const record = await this.find(serial);
      if (!record) return this.notFound(res, request);
      await this.change(res, request, record, 'certificate.hold', { ca: record.issuer, holder: record.civilNumber ?? null }, 'held');
    });
  }

  @Post('certificates/:serial/release')
  async release(@Param('serial') serial: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const record = await this.find(serial);
      if (!record) return this.notFound(res, request);
      await this.change(res, request, record, 'certificate.release', { ca: record.issuer, holder: record.civilNumber ?? null }, 'released');
    });
  }

  /** A status change through the one door; a change the certificate's status no longer allows is said, not thrown. */
  private async change(res: Response, request: AdminRequest, record: CertificateRecord, action: AdministrativeAction, details: Record<string, unknown>, done: 'revoked' | 'held' | 'released', entered?: CertificateView['entered']): Promise<void> {
    let performed: Performed | undefined;
    try {
      performed = await this.perform(request, action, record.serialHex, details);
    } catch (error) {
      if (!(error instanceof CaError) || (error.code !== 'revocation-invalid' && error.code !== 'certificate-unknown')) throw error;
      const now = (await this.find(record.serialHex)) ?? record;
      return this.showCertificate(res, request, now, 409, { error: { ar: `لم يتغيّر شيء: الشهادة الآن «${now.status}» ولا يمكن تغييرها هكذا.`, en: `Nothing changed: the certificate is now "${now.status}" and cannot be changed that way.` }, entered });
    }
    if (!performed) return this.showCertificate(res, request, record, 409, { error: MESSAGES.unavailable, entered });
    this.http.redirect(res, `/admin/ca/certificates/${record.serialHex}?done=${performed.outcome === 'proposed' ? 'proposed' : done}`);
  }

  /** `administration.perform`, or undefined when the platform wired no executor for the action. */
  private async perform(request: AdminRequest, action: AdministrativeAction, subject: string, details: Record<string, unknown>): Promise<Performed | undefined> {
    try {
      return await this.http.app.administration.perform(request.administrator, { action, subject, details });
    } catch (error) {
      if (error instanceof AdministrationError && error.code === 'action-unavailable') return undefined;
      throw error;
    }
  }

  private ca(): CaConsole | undefined {
    return this.http.app.caOperations;
  }

  private async find(serial: string): Promise<CertificateRecord | undefined> {
    const ca = this.ca();
    const normalised = serial.toUpperCase();
    if (!ca || !LEDGER_SERIAL.test(normalised)) return undefined;
    return ca.certificate(normalised);
  }

  private notFound(res: Response, request: AdminRequest): void {
    this.http.send(res, 404, notFoundPage(request.context));
  }

  private showCertificate(res: Response, request: AdminRequest, record: CertificateRecord, status: number, extra: Pick<CertificateView, 'message' | 'error' | 'entered'>): void {
    const administration = this.http.app.administration;
    const { administrator } = request;
    const revocation = administration.revocationAction(administrator, record.civilNumber);
    const allowed = (action: AdministrativeAction) => administration.may(administrator, action) && administration.offers(action);
    const view: CertificateView = {
      record,
      holderIsAdministrator: record.civilNumber !== undefined && administration.roster.isAdministrator(record.civilNumber),
      revocationNeedsFourEyes: administration.needsFourEyes(revocation),
      may: { revoke: allowed(revocation), hold: allowed('certificate.hold'), release: allowed('certificate.release') },
      ...extra,
    };
    this.http.send(res, status, certificatePage({ ...request.context, path: `/admin/ca/certificates/${record.serialHex}` }, view));
  }

  private async showAuthorities(res: Response, request: AdminRequest, ca: CaConsole, status: number, extra: Pick<AuthoritiesView, 'published' | 'message' | 'error'>): Promise<void> {
    const administration = this.http.app.administration;
    const authorities = ca.authorities();
    this.http.send(
      res,
      status,
      authoritiesPage({ ...request.context, path: '/admin/ca' }, {
        authorities,
        warnings: ca.expiryWarnings(),
        warningDays: ca.expiryWarningDays,
        crlIssuers: ca.crlIssuers(),
        mayPublish: administration.may(request.administrator, 'crl.publish') && administration.offers('crl.publish'),
        ...extra,
      }),
    );
  }
}

/** The executor's answer of "publish a CRL now", as the page lists it. */
function publishedCrls(result: Record<string, unknown>): PublishedCrl[] {
  const crls = Array.isArray(result.crls) ? (result.crls as Array<Record<string, unknown>>) : [];
  return crls.map((c) => ({ issuer: String(c.issuer), crlNumber: String(c.crlNumber), entries: Number(c.entries), thisUpdate: new Date(String(c.thisUpdate)), nextUpdate: new Date(String(c.nextUpdate)) }));
}

