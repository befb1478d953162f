import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import type { Logger } from 'pino';
import { ProblemFilter } from './problem-filter';
import { resolveProblem, writeProblem, type OutageDetector } from './problem-response';
import { requestContext, requestIdFrom } from './request-context';
import { assertJsonShape, JSON_SHAPE_LIMITS, type JsonShapeLimits } from './json-shape';
import { createValidationPipe } from './validation';

export interface HttpShellOptions {
  logger: Logger;
  /** Largest accepted JSON or form body (PDF uploads set their own limit on their routes). */
  bodyLimit?: string;
  /** How deep and how wide a JSON body may be (JSON_SHAPE_LIMITS by default). */
  jsonShape?: JsonShapeLimits;
  /** Failures that are outages (the database down): 503 with Retry-After rather than 500. */
  outage?: OutageDetector;
}

/**
 * What every Theqa service does to every request, in order: give it an id, log it, parse its body,
 * validate it, and turn whatever goes wrong into problem+json. Call before `app.init()`.
 * The app must be created with `bodyParser: false` so that parse errors reach our handler.
 */
export function configureHttpShell(app: INestApplication, options: HttpShellOptions): void {
  const { logger } = options;
  const limit = options.bodyLimit ?? '1mb';
  const server = app.getHttpAdapter().getInstance() as express.Express;
  server.disable('x-powered-by');
  server.set('trust proxy', 'loopback');

  app.use(function assignRequestId(req: Request, res: Response, next: NextFunction) {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    requestContext.run({ requestId }, next);
  });
  app.use(function logRequest(req: Request, res: Response, next: NextFunction) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });
  const json = express.json({ limit, type: ['application/json', 'application/*+json'] });
  const shape = options.jsonShape ?? JSON_SHAPE_LIMITS;
  app.use(function parseJson(req: Request, res: Response, next: NextFunction) {
    json(req, res, (error?: unknown) => {
      if (error) return next(error);
      // Bounded before any route, pipe or framework walks it (see json-shape.ts).
      try {
        assertJsonShape(req.body, shape);
      } catch (excess) {
        return next(excess);
      }
      next();
    });
  });
  app.use(express.urlencoded({ limit, extended: false }));
  // Binary PKI requests (RFC 3161 time-stamp queries) arrive as raw DER.
  app.use(express.raw({ limit: '64kb', type: ['application/timestamp-query'] }));
  app.use(function bodyParseProblem(error: unknown, req: Request, res: Response, _next: NextFunction) {
    const resolved = resolveProblem(error);
    if (resolved.problem.status >= 500) logger.error({ err: error }, 'request failed before routing');
    writeProblem(req, res, resolved);
  });
  app.useGlobalFilters(new ProblemFilter(logger, options.outage));
  app.useGlobalPipes(createValidationPipe());
}
