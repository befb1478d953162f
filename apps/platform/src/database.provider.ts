import type { Database, Installation } from '@theqa/persistence';

/** Injection token of the open Database (DataSource + embedded server) shared by every module. */
export const DATABASE = Symbol('DATABASE');
/** Injection token of this installation's identity, read from the database once at start. */
export const INSTALLATION = Symbol('INSTALLATION');
export type { Database, Installation };
