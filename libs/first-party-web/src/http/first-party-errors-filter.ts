import { HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { currentRequestId, OUTAGE_RETRY_AFTER_SECONDS, ProblemException, type Logger } from '@theqa/http-shell';
import type { Bilingual, Language } from '@theqa/kernel';
import { languageOf } from './language';

/** The app's problem pages in one language, with its own words and navigation. */
export interface ErrorPages {
  notFound(): string;
  badRequest(message: Bilingual): string;
  failure(outage: boolean, requestId?: string): string;
}

/** What the filter needs of the app: its outage test and its log. */
export interface ErrorsFilterDependencies {
  isOutage(error: unknown): boolean;
  logger: Logger;
}

/**
 * A first-party app answers in pages, also when something goes wrong: a malformed request is a page in
 * the person's language, never a stack trace; a database outage is 503 with Retry-After; anything else
 * is logged and answered with a plain page naming the request (its id is in the log line). The app's
 * filter extends this (with `@Catch()`), naming itself in the log and giving its pages.
 */
export abstract class FirstPartyErrorsFilter implements ExceptionFilter {
  /** `name`: the app as its log lines begin (`portal`, `admin`). */
  protected constructor(
    private readonly app: ErrorsFilterDependencies,
    private readonly name: string,
  ) {}

  protected abstract pages(lang: Language): ErrorPages;

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    const pages = this.pages(languageOf(req));
    const status = error instanceof HttpException ? error.getStatus() : error instanceof ProblemException ? error.problem.status : 500;
    res.setHeader('cache-control', 'no-store');
    if (status === 404) {
      res.status(404).type('html').send(pages.notFound());
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status === 413 ? 413 : 400).type('html').send(pages.badRequest({ ar: 'الطلب المرسل غير صالح.', en: 'The request sent is not valid.' }));
      return;
    }
    const outage = this.app.isOutage(error) || status === 503;
    if (outage) {
      this.app.logger.warn({ err: error, url: req.originalUrl }, `${this.name}: the database is unavailable`);
      res.setHeader('retry-after', String(OUTAGE_RETRY_AFTER_SECONDS));
    } else {
      this.app.logger.error({ err: error, method: req.method, url: req.originalUrl }, `${this.name}: request failed`);
    }
    res.status(outage ? 503 : 500).type('html').send(pages.failure(outage, currentRequestId()));
  }
}
