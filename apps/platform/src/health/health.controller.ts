import { Controller, Get, Inject } from '@nestjs/common';
import { ProblemException, Problems } from '@theqa/http-shell';
import { readMigrationStatus, type Installation, type MigrationStatus } from '@theqa/persistence';
import { DATABASE, INSTALLATION, type Database } from '../database.provider';
import { COMPONENTS, type Components } from './component-health';

/**
 * Ready when the database answers, every migration is applied and no supervised process was given up
 * on after repeated crashes; 503 problem+json otherwise. The supervised processes are listed either way.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(INSTALLATION) private readonly installation: Installation,
    @Inject(COMPONENTS) private readonly components: Components,
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
    const components = this.components().map(({ name, state, url, restarts, lastExit }) => ({ name, state, url, restarts, last_exit: lastExit }));
    const failed = components.filter((c) => c.state === 'given-up');
    if (failed.length) {
      throw new ProblemException(Problems.serviceUnavailable, `${failed.map((c) => c.name).join(', ')} stopped after repeated crashes and is no longer restarted.`, { components });
    }
    return {
      status: 'ok',
      components,
      database: { kind: this.database.target.kind, reachable: true },
      migrations: { applied: status.applied.length, pending: 0 },
      installation: { id: this.installation.id, first_started_at: this.installation.firstStartedAt.toISOString() },
    };
  }
}
