import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp } from '../http/admin-http';
import { dashboardPage } from '../pages/dashboard-page';

/** The console's first page: the administrator, their roles, and what waits for their approval. */
@Controller('admin')
@UseFilters(AdminErrorsFilter)
export class DashboardController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async dashboard(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async ({ administrator, context }) => {
      const pending = await this.http.app.administration.pending(administrator);
      this.http.send(res, 200, dashboardPage(context, pending));
    });
  }
}
