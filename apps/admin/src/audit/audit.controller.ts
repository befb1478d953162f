import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { adminActor } from '@theqa/administration';
import { AuditConsoleError, type AuditConsole, type AuditVerification } from '@theqa/audit';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, field, type AdminRequest } from '../http/admin-http';
import { auditPage, auditUnavailablePage, type AuditPageState } from '../pages/audit-page';
import { AuditFormError, auditFormValues, auditQueryOf, exportRangeOf, knownCheckpointsOf, type AuditFormValues } from './audit-form';

const AUDIT_LOG = 'audit_log';
const EMPTY: AuditFormValues = { actor: '', action: '', subject: '', from: '', to: '', size: '' };

/** A form's fault in words: the page's own checks, or the audit service's (lengths, order, empty, too large). */
const formFault = (error: unknown): { title: AuditFormError['title']; field?: string } | undefined => {
  if (error instanceof AuditFormError) return { title: error.title, field: error.field };
  if (error instanceof AuditConsoleError) return { title: error.title };
  return undefined;
};

/**
 * The auditor's pages: search the audit log, verify its chain and signed checkpoints, export a period
 * as a signed file (and the key to check it). Nothing here changes the log but the entries that say
 * who searched, verified and exported.
 */
@Controller('admin/audit')
@UseFilters(AdminErrorsFilter)
export class AuditController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async search(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const audit = this.auditConsole(res, request);
      if (!audit) return;
      const values = auditFormValues(req.query);
      const before = typeof req.query.before === 'string' && req.query.before !== '' ? req.query.before : undefined;
      const keep = Object.fromEntries(Object.entries({ ...values, before: before ?? '' }).filter(([, v]) => v.trim() !== ''));
      const context = { ...request.context, keep };
      try {
        const results = await audit.search(auditQueryOf(values, before));
        await this.http.app.administration.record(request.administrator, 'audit.view', AUDIT_LOG, keep);
        this.http.send(res, 200, auditPage(context, { values, results, before }));
      } catch (error) {
        const fault = formFault(error);
        if (!fault) throw error;
        this.http.send(res, 400, auditPage(context, { values, error: { form: 'search', ...fault } }));
      }
    });
  }

  @Post('verify')
  async verify(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const audit = this.auditConsole(res, request);
      if (!audit) return;
      const known = field(req, 'known') ?? '';
      let verification: AuditVerification;
      try {
        verification = await audit.verify({ known: knownCheckpointsOf(known) });
      } catch (error) {
        const fault = formFault(error);
        if (!fault) throw error;
        return this.show(res, request, 400, { known, error: { form: 'verify', ...fault } });
      }
      await this.http.app.administration.record(request.administrator, 'audit.verify', AUDIT_LOG, {
        ok: verification.ok,
        entries: verification.entries,
        vouched_through: verification.vouchedThrough,
        failures: verification.failures.map((f) => f.code),
      });
      this.show(res, request, 200, { known, verification });
    });
  }

  @Post('export')
  async export(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, async (request) => {
      const audit = this.auditConsole(res, request);
      if (!audit) return;
      const exportValues = { from: field(req, 'from') ?? '', to: field(req, 'to') ?? '' };
      try {
        // The service writes `audit.exported` with the administrator as its actor.
        const exported = await audit.export({ ...exportRangeOf({ ...EMPTY, ...exportValues }), actor: adminActor(request.administrator.civilNumber) });
        res.status(200);
        res.setHeader('content-type', 'application/jsonl; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="${exported.fileName}"`);
        res.send(exported.content);
      } catch (error) {
        const fault = formFault(error);
        if (!fault) throw error;
        this.show(res, request, 400, { exportValues, error: { form: 'export', ...fault } });
      }
    });
  }

  /** The export key's public key, for `openssl dgst -verify` (offered beside the export). */
  @Get('export-key')
  async exportKey(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const audit = this.auditConsole(res, request);
      if (!audit) return;
      const pem = await audit.exportPublicKeyPem();
      res.status(200);
      res.setHeader('content-type', 'application/x-pem-file');
      res.setHeader('content-disposition', 'attachment; filename="audit-export-key.pem"');
      res.send(pem);
    });
  }

  /** The page after a form: its report or its error, close to the top (no search results above it). */
  private show(res: Response, request: AdminRequest, status: number, state: Partial<AuditPageState>): void {
    this.http.send(res, status, auditPage({ ...request.context, path: '/admin/audit' }, { values: EMPTY, ...state }));
  }

  private auditConsole(res: Response, request: AdminRequest): AuditConsole | undefined {
    const audit = this.http.app.auditConsole;
    if (!audit) this.http.send(res, 503, auditUnavailablePage({ ...request.context, path: '/admin/audit' }));
    return audit;
  }
}
