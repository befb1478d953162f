import { Controller, Get, Inject } from '@nestjs/common';
import { ProblemException, Problems } from '@theqa/http-shell';
import { readMigrationStatus, ensureInstallation } from '@theqa/persistence';
import { DATABASE, type Database } from '../database.provider';

/** Ready when the database answers and every migration is applied; 503 problem+json otherwise. */
@Controller('health')
export class HealthController {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  @Get()
  async health() {
    const { dataSource, target } = this.database;
    let status;
    try {
      await dataSource.query('SELECT 1');
      status = await readMigrationStatus(dataSource);
    } catch {
      throw new ProblemException(Problems.serviceUnavailable, 'The database does not answer.', { database: { reachable: false } });
    }
    if (status.pending.length > 0) {
      throw new ProblemException(Problems.serviceUnavailable, 'Database migrations are pending; run `npx theqa db migrate`.', {
        migrations: { applied: status.applied.length, pending: status.pending },
      });
    }
    const installation = await ensureInstallation(dataSource);
    return {
      status: 'ok',
      database: { kind: target.kind, reachable: true },
      migrations: { applied: status.applied.length, pending: 0 },
      installation: { id: installation.id, first_started_at: installation.firstStartedAt.toISOString() },
    };
  }
}
