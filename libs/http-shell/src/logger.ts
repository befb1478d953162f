import pino, { type Logger, type LevelWithSilent } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { currentRequestId } from './request-context';

export type { Logger } from 'pino';

/**
 * Structured JSON logs on stdout. Every line written while a request is served carries its
 * `req_id`. Fields that could hold secrets are redacted at the logger, not left to each call site.
 */
export function createLogger(options: { level: LevelWithSilent; name?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name ?? 'theqa',
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      mixin() {
        const reqId = currentRequestId();
        return reqId ? { req_id: reqId } : {};
      },
      redact: {
        paths: ['*.pin', '*.password', '*.otp', '*.privateKey', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** Nest's own messages (module init, route mapping) go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
