import type { Command } from 'commander';
import { describeDatabaseUrl, readMigrationStatus, type Database } from '@theqa/persistence';
import type { PlatformServices } from '@theqa/platform';
import type { Output } from '../output';
import { withPlatform } from '../platform-session';

function describeTarget(database: Database): string {
  if (database.target.kind === 'server') return describeDatabaseUrl(database.target.url);
  const borrowed = database.embedded && !database.embedded.owned ? ' (served by the running platform)' : '';
  return `embedded, ${database.target.dataDir}${borrowed}`;
}

const withDatabase = <T>(work: (database: Database, services: PlatformServices) => Promise<T>): Promise<T> => withPlatform((services) => work(services.database, services));

export function registerDbCommands(program: Command, output: () => Output): void {
  const db = program.command('db').description('the platform database: migrations and status');

  db.command('migrate')
    .description('apply pending migrations')
    .action(() =>
      withDatabase(async (database, services) => {
        const applied = await services.migrate();
        output().result({ database: describeTarget(database), applied }, () =>
          applied.length ? `applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'database is up to date',
        );
      }),
    );

  db.command('status')
    .description('show applied and pending migrations')
    .action(() =>
      withDatabase(async (database) => {
        const status = await readMigrationStatus(database.dataSource);
        output().result({ database: describeTarget(database), ...status, up_to_date: status.pending.length === 0 }, () =>
          [
            `database: ${describeTarget(database)}`,
            `applied:  ${status.applied.length}`,
            ...status.applied.map((name) => `  ✓ ${name}`),
            `pending:  ${status.pending.length}`,
            ...status.pending.map((name) => `  • ${name}`),
          ].join('\n'),
        );
      }),
    );
}
