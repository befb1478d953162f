import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentRequestId, OUTAGE_RETRY_AFTER_SECONDS, ProblemException } from '@theqa/http-shell';
import { badRequestPage, failurePage, notFoundPage } from '../pages/problem-pages';
import { PORTAL_APP, type PortalAppDependencies } from '../portal-app-dependencies';
import { languageOf } from './portal-http';

/**
 * The portal answers in pages, also when something goes wrong: a malformed request is a page in the
 * person's language, never a stack trace; a database outage is 503 with Retry-After; anything else is
 * logged and answered with a plain page naming the request (its id is in the log line).
 */
@Catch()
export class PortalErrorsFilter implements ExceptionFilter {
  constructor(@Inject(PORTAL_APP) private readonly app: PortalAppDependencies) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    const context = { lang: languageOf(req), path: '/portal', features: this.app.features };
    const status = error instanceof HttpException ? error.getStatus() : error instanceof ProblemException ? error.problem.status : 500;
    res.setHeader('cache-control', 'no-store');
    if (status === 404) {
      res.status(404).type('html').send(notFoundPage(context));
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status === 413 ? 413 : 400).type('html').send(badRequestPage(context, { ar: 'الطلب المرسل غير صالح.', en: 'The request sent is not valid.' }));
      return;
    }
    const outage = this.app.isOutage(error) || status === 503;
    if (outage) {
      this.app.logger.warn({ err: error, url: req.originalUrl }, 'portal: the database is unavailable');
      res.setHeader('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    } else {
      this.app.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'portal: request failed');
    }
    res.status(outage ? 503 : 500).type('html').send(failurePage(context, outage, currentRequestId()));
  }
}
