import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Administration, AdministratorRoster, type AdministratorRole } from '@theqa/administration';
import { MemoryAuditLog, MemoryProposalStore } from '@theqa/administration/testing';
import { configureHttpShell, createLogger } from '@theqa/http-shell';
import { HttpJwksDocuments } from '@theqa/integrations';
import { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import { MemoryLoginTransactionStore, MemoryPortalSessionStore } from '@theqa/portal-sessions/testing';
import { CLIENT_SECRET_MAC_LABEL, InMemoryRelyingPartyStore, RelyingPartyRegistry, RemoteJwks, validateRegistration, type RelyingPartyChanges, type RelyingPartyInput, type SecretMac } from '@theqa/relying-parties';
import { AdminModule, mountAdmin, type AdminAppDependencies } from '../src';
import { FakeCaOperations } from './fake-ca-operations';

export const ORIGIN = 'https://admin.theqa.test';

/** One administrator per role, a second support, relying-party and CA officer (four eyes), one person in two roles, and a citizen. */
export const ADMINS: Record<string, string> = {
  'relying-party-officer': '41110001',
  'ca-officer': '41110002',
  'support-officer': '41110003',
  auditor: '41110004',
  'second-support-officer': '41110005',
  'support-and-auditor': '41110006',
  'second-relying-party-officer': '41110007',
  'second-ca-officer': '41110008',
};
export const CITIZEN = '20019454';

/** The console's routes over in-memory fakes: roster, sessions, proposals, audit, and a clock the test moves. */
export class AdminFixture {
  now = new Date();
  readonly sessionStore = new MemoryPortalSessionStore(() => this.now);
  readonly sessions = new PortalSessions(this.sessionStore, { idleSeconds: 900, absoluteSeconds: 8 * 3600 });
  readonly audit = new MemoryAuditLog();
  readonly proposals = new MemoryProposalStore(() => this.now);
  readonly executed: string[] = [];
  /** The client-secret MAC key of the CA key store, as the registry derives secrets under it. */
  readonly secretMac: SecretMac = { label: CLIENT_SECRET_MAC_LABEL, mac: async (data) => createHmac('sha256', 'console test key').update(data).digest() };
  readonly relyingPartyEvents: Array<{ action: string; actor: string; clientId: string; details: Record<string, unknown> }> = [];
  /** The registry of `npx theqa rp` over memory, with loopback http allowed (as in development). */
  readonly registry = new RelyingPartyRegistry({
    store: new InMemoryRelyingPartyStore(),
    events: { record: async (event) => void this.relyingPartyEvents.push(event) },
    secretMac: this.secretMac,
    allowLoopbackHttp: true,
    // Approved logins by client id and day, as the activity would count them.
    logins: { perDay: async (clientId) => this.loginCounts[clientId] ?? [] },
    timeZone: 'Asia/Muscat',
    clock: () => this.now,
  });
  readonly loginCounts: Record<string, Array<{ day: string; logins: number }>> = {};
  /** The gateway's reader of JWKS URIs, as in development: loopback addresses allowed (the tests serve keys on 127.0.0.1). */
  readonly remoteJwks = new RemoteJwks({ documents: new HttpJwksDocuments({ timeoutMs: 3000, maxBytes: 64 * 1024, allowSpecialUseAddresses: true }) });
  readonly ca = new FakeCaOperations();
  readonly roster = AdministratorRoster.of({
    assignments: {
      'relying-party-officer': [ADMINS['relying-party-officer'], ADMINS['second-relying-party-officer']],
      'ca-officer': [ADMINS['ca-officer'], ADMINS['second-ca-officer']],
      'support-officer': [ADMINS['support-officer'], ADMINS['second-support-officer'], ADMINS['support-and-auditor']],
      auditor: [ADMINS.auditor, ADMINS['support-and-auditor']],
    },
    combinations: [['support-officer', 'auditor']],
  });
  readonly administration = new Administration({
    roster: this.roster,
    fourEyes: ['identity.suspend', 'relying-party.disable', 'certificate.revoke-administrator'],
    proposalSeconds: 3600,
    proposals: this.proposals,
    executors: {
      ...this.ca.executors(),
      'identity.suspend': async ({ subject, actor, approver }) => {
        this.executed.push(`suspend ${subject} by ${actor} approved by ${approver}`);
        return { suspended: subject };
      },
      // As apps/platform's adminExecutors: the registry, the actor (and approver) named.
      'relying-party.disable': async ({ subject, actor, approver }) => {
        this.executed.push(`disable ${subject}`);
        const disabled = await this.registry.disable(subject, approver ? `${actor} approved by ${approver}` : actor);
        return { clientId: disabled.clientId, status: disabled.status };
      },
      'relying-party.onboard': async ({ details, actor }) => {
        const { relyingParty } = await this.registry.register(details.input as RelyingPartyInput, actor);
        return { clientId: relyingParty.clientId, authMethod: relyingParty.authMethod, secretGeneration: relyingParty.secretGeneration ?? null };
      },
      'relying-party.edit': async ({ subject, details, actor }) => {
        const { relyingParty, changed, clientSecret } = await this.registry.update(subject, details.changes as RelyingPartyChanges, actor);
        return { clientId: relyingParty.clientId, changed, secretIssued: clientSecret !== undefined, secretGeneration: relyingParty.secretGeneration ?? null };
      },
      'relying-party.rotate-secret': async ({ subject, actor }) => {
        const { relyingParty } = await this.registry.rotateSecret(subject, actor);
        return { clientId: relyingParty.clientId, secretGeneration: relyingParty.secretGeneration ?? null };
      },
    },
    audit: this.audit,
  });
  app!: NestExpressApplication;
  url = '';

  dependencies(): AdminAppDependencies {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      publicBaseUrl: ORIGIN,
      client: { clientId: 'theqa-admin', privateJwk: { ...privateKey.export({ format: 'jwk' }), kid: 'k1' } },
      sessions: this.sessions,
      logins: new LoginTransactions(new MemoryLoginTransactionStore(() => this.now)),
      administration: this.administration,
      relyingParties: {
        list: () => this.registry.list(),
        show: (clientId) => this.registry.show(clientId),
        validate: (input) => void validateRegistration(input, { allowLoopbackHttp: true }),
        loginsPerDay: (clientId, range) => this.registry.loginsPerDay(clientId, range),
        clientSecret: (rp) => this.registry.clientSecret(rp),
        remoteJwks: this.remoteJwks,
      },
      isOutage: () => false,
      logger: createLogger({ level: 'silent' }),
      caOperations: this.ca,
    };
  }

  async start(): Promise<void> {
    this.app = await NestFactory.create<NestExpressApplication>(AdminModule.forRoot(this.dependencies()), { bodyParser: false, logger: false });
    mountAdmin(this.app, { publicBaseUrl: ORIGIN });
    configureHttpShell(this.app, { logger: createLogger({ level: 'silent' }) });
    await this.app.listen(0, '127.0.0.1');
    this.url = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }

  /** A console session as a HIGH login through the gateway leaves it: the cookie and the form token. */
  async login(civilNumber: string, acr: 'high' | 'medium' = 'high'): Promise<{ cookie: string; csrf: string }> {
    const { token, session } = await this.sessions.open({ civilNumber, device: `THQ-${civilNumber}`, acr, names: { ar: 'مسؤول <b>تجريبي</b>', en: 'Test administrator' } });
    return { cookie: `__Host-theqa_admin=${token}`, csrf: session.csrfToken };
  }

  rolesOf(civilNumber: string): AdministratorRole[] {
    return this.roster.administrator(civilNumber)?.roles ?? [];
  }

  get(path: string, cookie?: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, { redirect: 'manual', headers: { ...(cookie ? { cookie } : {}), ...headers } });
  }

  post(path: string, cookie: string | undefined, form: Record<string, string> | string, headers: Record<string, string> = { origin: ORIGIN }): Promise<Response> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    return fetch(`${this.url}${path}`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}), ...headers } });
  }
}
