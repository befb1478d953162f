import type { Administration } from '@theqa/administration';
import type { AuditConsole } from '@theqa/audit';
import type { IdentitySupport } from '@theqa/identity';
import type { Logger } from '@theqa/http-shell';
import type { PlatformStatistics } from '@theqa/platform-statistics';
import type { CaConsole } from './ca/ca-console';
import type { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import type { DailyLogins, RelyingParty, RelyingPartyInput, RemoteJwks } from '@theqa/relying-parties';

/**
 * The register of relying parties as the console reads it: the registry of `npx theqa rp` (its changes go
 * through `administration.perform`, whose executors call the same registry).
 */
export interface AdminRelyingParties {
  list(): Promise<RelyingParty[]>;
  show(clientId: string): Promise<RelyingParty>;
  /** The registry's own validation, the CLI's: throws `RelyingPartyError` `rp-invalid` listing every problem. */
  validate(input: RelyingPartyInput): void;
  /** Approved logins through the RP on each day of the range (calendar days in Asia/Muscat, both included). */
  loginsPerDay(clientId: string, range: { from: string; to: string }): Promise<DailyLogins[]>;
  /** The client secret of the RP's generation (derived, never stored): shown once, right after onboarding or rotation. */
  clientSecret(rp: RelyingParty): Promise<string>;
  /**
   * The gateway's reader of the keys at JWKS URIs: when given, a party saved with a URI has it read once
   * to warn the officer early if nothing usable is there (registration never depends on it).
   */
  remoteJwks?: Pick<RemoteJwks, 'keys'>;
}

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
  /** The relying parties' section (list, show, onboard, disable, rotate a secret). */
  relyingParties?: AdminRelyingParties;
  /**
   * Identity support's look-up (the person page); its actions — suspend, restore, require a PIN reset —
   * go through `administration.perform`, their executors wired by the composition root.
   */
  identitySupport?: Pick<IdentitySupport, 'lookUp'>;
  /** Whether a failure is an outage (the database down): 503 with Retry-After rather than 500. */
  isOutage(error: unknown): boolean;
  logger: Logger;
  /** The audit pages: search, verify the chain and its checkpoints, signed exports (PlatformServices.auditConsole()). */
  auditConsole?: AuditConsole;
  /** The dashboard's per-day counts and charts (PlatformServices.statistics()). */
  statistics?: PlatformStatistics;
  /** The CA officer's pages (/admin/ca): certificate search, a certificate, the CAs; absent, they answer 404. */
  caOperations?: CaConsole;
}

export const ADMIN_APP = Symbol('ADMIN_APP');
