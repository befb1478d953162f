import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentRequestId, OUTAGE_RETRY_AFTER_SECONDS, ProblemException } from '@theqa/http-shell';
import { ADMIN_APP, type AdminAppDependencies } from '../admin-app-dependencies';
import { badRequestPage, failurePage, notFoundPage } from '../pages/problem-pages';
import { languageOf } from './admin-http';

/**
 * The console answers in pages, also when something goes wrong: a malformed request is a page in the
 * administrator's language, a database outage 503 with Retry-After, anything else logged and answered
 * with a page naming the request.
 */
@Catch()
export class AdminErrorsFilter implements ExceptionFilter {
  constructor(@Inject(ADMIN_APP) private readonly app: AdminAppDependencies) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    const context = { lang: languageOf(req), path: '/admin' };
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
      this.app.logger.warn({ err: error, url: req.originalUrl }, 'admin: the database is unavailable');
      res.setHeader('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    } else {
      this.app.logger.error({ err: error, method: req.method, url: req.originalUrl }, 'admin: request failed');
    }
    res.status(outage ? 503 : 500).type('html').send(failurePage(context, outage, currentRequestId()));
  }
}
