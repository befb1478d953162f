import type { Logger } from '@theqa/http-shell';
import { purgeExpiredRows, type Database } from '@theqa/persistence';

const EVERY_MS = 10 * 60_000;

/**
 * Every ten minutes (and a minute after start), lapsed short-lived rows are deleted (see
 * RETENTION). Every instance does it; the deletes are idempotent, so two at once only repeat work.
 */
export function startHousekeeping(database: Database, logger: Logger): { stop(): void } {
  const run = () =>
    purgeExpiredRows(database.dataSource).then(
      (removed) => {
        const total = Object.values(removed).reduce((a, b) => a + b, 0);
        if (total) logger.info({ removed }, 'expired rows purged');
      },
      (error: unknown) => logger.warn({ err: error }, 'purging expired rows failed; retrying at the next turn'),
    );
  const first = setTimeout(run, 60_000);
  const every = setInterval(run, EVERY_MS);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/**
 * A task of the platform's own that runs every `everyMs` on each instance (signing requests' expiry
 * and webhook retries): each run is safe alongside another instance's, and a failed run waits for the next.
 */
export function startPeriodic(name: string, everyMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => logger.warn({ err: error, task: name }, 'a periodic task failed; retrying at the next turn'))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
