import { IdentityError } from '../identity-error';

/** One event of a person's activity history, as the portal and the wallet show it. */
export interface ActivityEntry {
  /** Stable and increasing: the cursor of the page that follows it (`before`). */
  id: string;
  occurredAt: Date;
  /** The event's name, e.g. `login.approved` (describeActivity knows each one in use). */
  event: string;
  /** The device's serial, when a device acted. */
  device?: string;
  details: Record<string, unknown>;
}

/** Which page: newest first, at most `limit` entries, older than the entry `before` when given. */
export interface ActivityQuery {
  limit?: number;
  before?: string;
}

export interface ActivityPage {
  entries: ActivityEntry[];
  /** The cursor of the next (older) page; absent on the last page. */
  older?: string;
}

/** A person's history, newest first (PostgreSQL: IdentityActivity in @theqa/persistence). */
export interface ActivityHistory {
  list(civilNumber: string, query?: ActivityQuery): Promise<ActivityEntry[]>;
  page(civilNumber: string, query?: ActivityQuery): Promise<ActivityPage>;
}

export const ACTIVITY_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;

const CURSOR = /^[1-9][0-9]{0,17}$/;

/**
 * The query as a store runs it: a whole limit within bounds, a cursor that is an entry id (a cursor
 * taken from a URL is the caller's input: anything else is `request-invalid`, never a database error).
 */
export function activityQuery(query: ActivityQuery = {}): { limit: number; before?: string } {
  const limit = query.limit ?? ACTIVITY_PAGE.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > ACTIVITY_PAGE.maxLimit) throw new IdentityError('request-invalid', `the page size must be a whole number from 1 to ${ACTIVITY_PAGE.maxLimit}`);
  if (query.before !== undefined && (typeof query.before !== 'string' || !CURSOR.test(query.before))) throw new IdentityError('request-invalid', 'the page cursor is not valid');
  return { limit, before: query.before };
}
