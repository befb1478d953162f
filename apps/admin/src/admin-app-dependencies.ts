import type { Administration } from '@theqa/administration';
import type { Logger } from '@theqa/http-shell';
import type { CaConsole } from './ca/ca-console';
import type { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';

/**
 * What the composition root hands the console's routes (apps/platform/src/composition/admin-services.ts).
 * The pages of later work add their services here, as optional members, and their routes to ADMIN_ROUTES.
 */
export interface AdminAppDependencies {
  /** Where people reach the platform: the gateway is `<it>/oidc`, the console `<it>/admin`. */
  publicBaseUrl: string;
  /** The console's client at the gateway: private_key_jwt with this P-256 key (`kid` as registered). */
  client: { clientId: string; privateJwk: JsonWebKey & { kid: string } };
  /** The console's own sessions (admin_session): never a portal session, and the other way round. */
  sessions: PortalSessions;
  logins: LoginTransactions;
  /** Roles, permissions, the roster, four-eyes approvals and the audit of every action. */
  administration: Administration;
  /** Whether a failure is an outage (the database down): 503 with Retry-After rather than 500. */
  isOutage(error: unknown): boolean;
  logger: Logger;
  /** The CA officer's pages (/admin/ca): certificate search, a certificate, the CAs; absent, they answer 404. */
  caOperations?: CaConsole;
}

export const ADMIN_APP = Symbol('ADMIN_APP');
