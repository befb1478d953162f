import { Controller, Get, Inject } from '@nestjs/common';
import { ProblemException, Problems } from '@theqa/http-shell';
import { readMigrationStatus, type Installation, type MigrationStatus } from '@theqa/persistence';
import { DATABASE, INSTALLATION, type Database } from '../database.provider';

/** Ready when the database answers and every migration is applied; 503 problem+json otherwise. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(INSTALLATION) private readonly installation: Installation,
  ) {}

  @Get()
  async health() {
    let status: MigrationStatus;
    try {
      // One query answers both questions: the database is reachable, and which migrations it has.
      status = await readMigrationStatus(this.database.dataSource);
    } catch {
      throw new ProblemException(Problems.serviceUnavailable, 'The database does not answer.', { database: { reachable: false } });
    }
    if (status.pending.length > 0) {
      throw new ProblemException(Problems.serviceUnavailable, 'Database migrations are pending; run `npx theqa db migrate`.', {
        migrations: { applied: status.applied.length, pending: status.pending },
      });
    }
    return {
      status: 'ok',
      database: { kind: this.database.target.kind, reachable: true },
      migrations: { applied: status.applied.length, pending: 0 },
      installation: { id: this.installation.id, first_started_at: this.installation.firstStartedAt.toISOString() },
    };
  }
}
