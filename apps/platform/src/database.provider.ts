import type { Database } from '@theqa/persistence';

/** Injection token of the open Database (DataSource + embedded server) shared by every module. */
export const DATABASE = Symbol('DATABASE');
export type { Database };
