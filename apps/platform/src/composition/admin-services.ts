import type { JsonWebKey } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ADMIN_CLAIMS, adminPostLogoutRedirectUri, adminRedirectUri, type AdminAppDependencies } from '@theqa/admin';
import { Administration, AdministratorRoster, type ActionExecutors } from '@theqa/administration';
import type { AuditConsole } from '@theqa/audit';
import type { IdentitySupport } from '@theqa/identity';
import type { CaOperations } from '@theqa/ca-service';
import type { Logger } from '@theqa/http-shell';
import { isDatabaseUnavailable, PostgresAuditLog, PostgresPortalLogins, PostgresPortalSessions, PostgresProposalStore } from '@theqa/persistence';
import type { PlatformStatistics } from '@theqa/platform-statistics';
import { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import { RelyingPartyRegistry, validateRegistration, type ClientJwks, type RelyingPartyChanges, type RelyingPartyInput, type RemoteJwks } from '@theqa/relying-parties';
import { identitySupportExecutors } from './admin-identity-executors';
import type { AdminConfiguration } from './configuration';
import { ensureFirstPartyClient } from './first-party-client';

/** The console as the gateway's pages name it. */
export const ADMIN_RELYING_PARTY_NAME = { ar: 'لوحة إدارة الوزارة', en: "The ministry's administrators' console" };

/**
 * The console's registration at the gateway, brought in line at every start (as the portal's is): a
 * first-party client, private_key_jwt with PAR, its redirect URIs on the public URL, HIGH only.
 */
export async function ensureAdminRelyingParty(context: { dataSource: DataSource; audit: PostgresAuditLog; publicBaseUrl: string; development: boolean; admin: AdminConfiguration; publicJwks: ClientJwks }) {
  return ensureFirstPartyClient(
    context,
    {
      clientId: context.admin.clientId,
      name: ADMIN_RELYING_PARTY_NAME,
      redirectUri: adminRedirectUri(context.publicBaseUrl),
      postLogoutRedirectUri: adminPostLogoutRedirectUri(context.publicBaseUrl),
      claims: ADMIN_CLAIMS,
      purpose: { ar: 'دخول مسؤولي الوزارة إلى لوحة الإدارة', en: "The ministry's administrators logging in to the console" },
      acrValues: ['high'],
    },
    'system:admin',
  );
}

export interface AdminServicesContext {
  dataSource: DataSource;
  audit: PostgresAuditLog;
  publicBaseUrl: string;
  admin: AdminConfiguration;
  privateJwk: JsonWebKey & { kid: string };
  relyingParties: RelyingPartyRegistry;
  /** As the registry was built (development): http redirect URIs on loopback. */
  allowLoopbackHttp: boolean;
  /** The gateway's reader of JWKS URIs: a party saved with one has it read once, to warn the officer early. */
  remoteJwks?: RemoteJwks;
  /** The support desk's look-up and actions (suspend, restore, require a PIN reset). */
  identitySupport?: IdentitySupport;
  logger: Logger;
  /** The audit pages' service and the dashboard's counts (PlatformServices.auditConsole(), statistics()). */
  auditConsole?: AuditConsole;
  statistics?: PlatformStatistics;
  /** The CA officer's pages and the executors of revoke, hold, release and "publish a CRL now". */
  caOperations?: CaOperations;
}

/**
 * The executors of the console's actions: the platform's services behind the port of
 * @theqa/administration. Pages of later work add theirs here (revoke, hold, suspend, require a PIN reset…).
 */
export function adminExecutors(context: Pick<AdminServicesContext, 'relyingParties' | 'identitySupport' | 'caOperations'>): ActionExecutors {
  const by = (actor: string, approver?: string) => (approver ? `${actor} approved by ${approver}` : actor);
  return {
    ...(context.identitySupport ? identitySupportExecutors(context.identitySupport) : {}),
    ...(context.caOperations ? caExecutors(context.caOperations) : {}),
    async 'relying-party.onboard'({ details, actor, approver }) {
      // The secret is not in the result (which the audit log keeps): the page derives it to show it once.
      const { relyingParty } = await context.relyingParties.register(details.input as RelyingPartyInput, by(actor, approver));
      return { clientId: relyingParty.clientId, authMethod: relyingParty.authMethod, secretGeneration: relyingParty.secretGeneration ?? null };
    },
    async 'relying-party.edit'({ subject, details, actor, approver }) {
      // A party that has just become a secret client gets its secret on the page, derived there, not here.
      const { relyingParty, changed, clientSecret } = await context.relyingParties.update(subject, details.changes as RelyingPartyChanges, by(actor, approver));
      return { clientId: relyingParty.clientId, changed, secretIssued: clientSecret !== undefined, secretGeneration: relyingParty.secretGeneration ?? null };
    },
    async 'relying-party.disable'({ subject, actor, approver }) {
      const disabled = await context.relyingParties.disable(subject, by(actor, approver));
      return { clientId: disabled.clientId, status: disabled.status };
    },
    async 'relying-party.rotate-secret'({ subject, actor, approver }) {
      const { relyingParty } = await context.relyingParties.rotateSecret(subject, by(actor, approver));
      return { clientId: relyingParty.clientId, secretGeneration: relyingParty.secretGeneration ?? null };
    },
  };
}

/**
 * The CA officer's actions: the CA's own revocation service (OCSP re-signed and the CRL republished at
 * once), with the administrator as actor and, for a four-eyes action, the approver in the audit entry.
 */
export function caExecutors(ca: CaOperations): ActionExecutors {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
  const revoke: NonNullable<ActionExecutors['certificate.revoke']> = async ({ subject, details, actor, approver }) => {
    const invalidityDate = text(details.invalidityDate);
    const revoked = await ca.revoke({ serialHex: subject, reason: String(details.reason), invalidityDate: invalidityDate ? new Date(invalidityDate) : undefined, actor, approvedBy: approver, comment: text(details.comment) });
    return { serial: revoked.serialHex, status: revoked.status, reason: String(details.reason) };
  };
  return {
    'certificate.revoke': revoke,
    'certificate.revoke-administrator': revoke,
    async 'certificate.hold'({ subject, actor, approver }) {
      const held = await ca.hold({ serialHex: subject, actor, approvedBy: approver });
      return { serial: held.serialHex, status: held.status };
    },
    async 'certificate.release'({ subject, actor, approver }) {
      const released = await ca.release({ serialHex: subject, actor, approvedBy: approver });
      return { serial: released.serialHex, status: released.status };
    },
    async 'crl.publish'({ details }) {
      const crls = await ca.publishCrls(text(details.ca));
      // As the audit log can keep it: CRL numbers as text, times as ISO strings.
      return { crls: crls.map((c) => ({ issuer: c.issuer, crlNumber: c.crlNumber.toString(), entries: c.entries, thisUpdate: c.thisUpdate.toISOString(), nextUpdate: c.nextUpdate.toISOString() })) };
    },
  };
}

/** The console's services: its own sessions (admin_session), the roster, four-eyes proposals, the audit log. */
export function openAdminServices(context: AdminServicesContext): AdminAppDependencies {
  const { dataSource, admin } = context;
  const administration = new Administration({
    roster: AdministratorRoster.of({ assignments: admin.roles, combinations: admin.combinations }),
    fourEyes: admin.fourEyes,
    proposalSeconds: admin.proposalSeconds,
    proposals: new PostgresProposalStore(dataSource),
    executors: adminExecutors(context),
    audit: context.audit,
  });
  return {
    publicBaseUrl: context.publicBaseUrl,
    client: { clientId: admin.clientId, privateJwk: context.privateJwk },
    sessions: new PortalSessions(new PostgresPortalSessions(dataSource, 'admin'), { idleSeconds: admin.idleSeconds, absoluteSeconds: admin.absoluteSeconds }),
    logins: new LoginTransactions(new PostgresPortalLogins(dataSource, 'admin')),
    administration,
    relyingParties: {
      list: () => context.relyingParties.list(),
      show: (clientId) => context.relyingParties.show(clientId),
      // The registry's rules, as `npx theqa rp register` checks them before opening anything.
      validate: (input) => void validateRegistration(input, { allowLoopbackHttp: context.allowLoopbackHttp }),
      loginsPerDay: (clientId, range) => context.relyingParties.loginsPerDay(clientId, range),
      clientSecret: (rp) => context.relyingParties.clientSecret(rp),
      remoteJwks: context.remoteJwks,
    },
    identitySupport: context.identitySupport,
    isOutage: isDatabaseUnavailable,
    logger: context.logger.child({ component: 'admin' }),
    auditConsole: context.auditConsole,
    statistics: context.statistics,
    caOperations: context.caOperations,
  };
}
