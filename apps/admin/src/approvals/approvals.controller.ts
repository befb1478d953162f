import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdministrationError, isAdministrativeAction } from '@theqa/administration';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, field, type AdminRequest } from '../http/admin-http';
import { approvalsPage, DONE, UNDECIDED } from '../pages/approvals-page';
import { forbiddenPage } from '../pages/problem-pages';

/** Four-eyes approvals: the proposals waiting for a second administrator, approved or rejected here. */
@Controller('admin/approvals')
@UseFilters(AdminErrorsFilter)
export class ApprovalsController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const done = typeof req.query.done === 'string' && Object.hasOwn(DONE, req.query.done) ? DONE[req.query.done] : undefined;
      await this.show(res, request, 200, done && { text: done, kind: 'success' });
    });
  }

  @Post(':id/approve')
  async approve(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.form(req, res, (request) => this.decide(res, request, () => this.http.app.administration.approve(request.administrator, id), 'approved'));
  }

  @Post(':id/reject')
  async reject(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const reason = field(req, 'reason')?.trim().slice(0, 200) || undefined;
    await this.http.form(req, res, (request) => this.decide(res, request, () => this.http.app.administration.reject(request.administrator, id, reason), 'rejected'));
  }

  private async decide(res: Response, request: AdminRequest, work: () => Promise<unknown>, done: 'approved' | 'rejected'): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof AdministrationError)) throw error;
      // The proposal's own action is one the administrator's roles do not allow.
      if (error.code === 'forbidden') return this.http.send(res, 403, forbiddenPage(request.context, isAdministrativeAction(error.action) ? error.action : 'approvals.view'));
      const text = UNDECIDED[error.code] ?? UNDECIDED['proposal-unknown'];
      return this.show(res, request, error.code === 'proposal-unknown' ? 404 : 409, { text, kind: 'warning' });
    }
    this.http.redirect(res, `/admin/approvals?done=${done}`);
  }

  private async show(res: Response, { administrator, context }: AdminRequest, status: number, message?: Parameters<typeof approvalsPage>[3]): Promise<void> {
    const administration = this.http.app.administration;
    const [pending, recent] = await Promise.all([administration.pending(administrator), administration.recent(administrator)]);
    this.http.send(res, status, approvalsPage({ ...context, path: '/admin/approvals' }, pending, recent, message));
  }
}
