import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StatisticsError } from '@theqa/platform-statistics';
import { AdminErrorsFilter } from '../http/admin-errors.filter';
import { AdminHttp, type AdminRequest } from '../http/admin-http';
import { dashboardPage, type DashboardActivity } from '../pages/dashboard-page';

/** The dashboard's default range: the last 30 days. */
export const DASHBOARD_DAYS = 30;

/**
 * The console's first page: the administrator, their roles, what waits for their approval, and the
 * platform's activity per day (to every role the permission table gives `statistics.view`: all of them).
 */
@Controller('admin')
@UseFilters(AdminErrorsFilter)
export class DashboardController {
  constructor(private readonly http: AdminHttp) {}

  @Get()
  async dashboard(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, async (request) => {
      const pending = await this.http.app.administration.pending(request.administrator);
      const activity = await this.activity(req, request);
      const keep = activity?.asked ? { from: activity.values.from, to: activity.values.to } : undefined;
      this.http.send(res, activity?.error ? 400 : 200, dashboardPage({ ...request.context, keep }, pending, activity));
    });
  }

  /** The counts over the range asked for (`?from=&to=`, days), else the last 30 days; a bad range is said on the page. */
  private async activity(req: Request, { administrator }: AdminRequest): Promise<DashboardActivity | undefined> {
    const statistics = this.http.app.statistics;
    if (!statistics || !this.http.app.administration.may(administrator, 'statistics.view')) return undefined;
    const from = typeof req.query.from === 'string' ? req.query.from.trim() : '';
    const to = typeof req.query.to === 'string' ? req.query.to.trim() : '';
    const asked = from !== '' || to !== '';
    const range = asked ? { from, to } : statistics.recentDays(DASHBOARD_DAYS);
    try {
      return { asked, values: range, timeZone: statistics.timeZone, dashboard: await statistics.dashboard(range) };
    } catch (error) {
      if (!(error instanceof StatisticsError)) throw error;
      return { asked, values: range, timeZone: statistics.timeZone, error: error.title };
    }
  }
}
