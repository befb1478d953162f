import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Administration, AdministratorRoster, type AdministratorRole } from '@theqa/administration';
import { MemoryAuditLog, MemoryProposalStore } from '@theqa/administration/testing';
import { configureHttpShell, createLogger } from '@theqa/http-shell';
import { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import { MemoryLoginTransactionStore, MemoryPortalSessionStore } from '@theqa/portal-sessions/testing';
import { AdminModule, mountAdmin, type AdminAppDependencies } from '../src';
import { FakeCaOperations } from './fake-ca-operations';

export const ORIGIN = 'https://admin.theqa.test';

/** One administrator per role, a second support officer (four eyes), one person in two roles, and a citizen. */
export const ADMINS: Record<string, string> = {
  'relying-party-officer': '41110001',
  'ca-officer': '41110002',
  'support-officer': '41110003',
  auditor: '41110004',
  'second-support-officer': '41110005',
  'support-and-auditor': '41110006',
  'second-ca-officer': '41110007',
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
  readonly ca = new FakeCaOperations();
  readonly roster = AdministratorRoster.of({
    assignments: {
      'relying-party-officer': [ADMINS['relying-party-officer']],
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
      'relying-party.disable': async ({ subject }) => {
        this.executed.push(`disable ${subject}`);
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
