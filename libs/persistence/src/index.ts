export { createDataSource, type DataSourceOptions } from './data-source';
export { openDatabase, type Database, type OpenDatabaseOptions } from './database';
export {
  resolveDatabaseTarget,
  describeDatabaseUrl,
  DatabaseTargetError,
  type DatabaseTarget,
} from './database-target';
export { EmbeddedPostgres } from './embedded-postgres';
export { readMigrationStatus, migrateDatabase, type MigrationStatus } from './migration-status';
export { ensureInstallation, type Installation } from './installation';
export { platformMigrations } from './migrations';
