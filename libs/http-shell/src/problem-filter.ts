import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { resolveProblem, writeProblem, type OutageDetector } from './problem-response';

/** The one place where every error of every route becomes RFC 9457 problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly outage?: OutageDetector,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const resolved = resolveProblem(error, this.outage);
    if (resolved.problem.status >= 500) {
      this.logger.error({ err: resolved.cause ?? error, method: req.method, url: req.originalUrl }, 'request failed');
    }
    writeProblem(req, res, resolved);
  }
}
