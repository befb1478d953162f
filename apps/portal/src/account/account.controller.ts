import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PortalErrorsFilter } from '../http/portal-errors.filter';
import { PortalHttp } from '../http/portal-http';
import { activityPage, type ActivityLine } from '../pages/activity-page';
import { cardHolderDashboardPage, dashboardPage } from '../pages/dashboard-page';
import { pinPage } from '../pages/pin-page';

/** Activity entries per page. */
export const ACTIVITY_PAGE_SIZE = 20;
/** A page cursor as the activity port hands them out: short, URL-safe. */
const CURSOR = /^[A-Za-z0-9_.:-]{1,80}$/;

/** The person's own view: the dashboard, the PIN, the activity. */
@Controller('portal')
@UseFilters(PortalErrorsFilter)
export class AccountController {
  constructor(private readonly http: PortalHttp) {}

  @Get()
  async dashboard(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal', async ({ session, context }) => {
      const app = this.http.app;
      const [identity, devices, certificates, pending] = await Promise.all([
        app.identities.find(session.civilNumber),
        app.identities.devices(session.civilNumber),
        app.certificates(session.civilNumber),
        app.pendingSignatures(session.civilNumber),
      ]);
      if (!identity && !session.device) {
        // Logged in with the ID card, never enrolled in THEQA: the registry's person, the card's certificates.
        return this.http.send(res, 200, cardHolderDashboardPage(context, { civilNumber: session.civilNumber, names: session.names, certificates, now: new Date() }));
      }
      if (!identity) return this.http.toLogin(req, res);
      this.http.send(res, 200, dashboardPage(context, { identity, names: session.names, devices, certificates, pending, currentDevice: session.device, now: new Date() }));
    });
  }

  @Get('pin')
  async pin(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/pin', async ({ session, context }) => {
      const identity = await this.http.app.identities.find(session.civilNumber);
      if (!identity) return this.http.withoutIdentity(req, res, session);
      this.http.send(res, 200, pinPage(context, identity));
    });
  }

  @Get('activity')
  async activity(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.http.page(req, res, '/portal/activity', async ({ session, context }) => {
      const asked = req.query.before;
      // A cursor that is not one of ours is the first page, not an error.
      const before = typeof asked === 'string' && CURSOR.test(asked) ? asked : undefined;
      const page = await this.http.app.activity(session.civilNumber, { limit: ACTIVITY_PAGE_SIZE, before });
      const lines: ActivityLine[] = page.entries.map((entry) => ({ occurredAt: entry.occurredAt, device: entry.device, ...this.http.app.describeActivity(entry) }));
      this.http.send(res, 200, activityPage({ ...context, keep: before ? { before } : undefined }, { lines, older: page.before, paged: before !== undefined }));
    });
  }
}
