import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { ADMIN_APP, type AdminAppDependencies } from './admin-app-dependencies';
import { ApprovalsController } from './approvals/approvals.controller';
import { AuditController } from './audit/audit.controller';
import { CaController } from './ca/ca.controller';
import { DashboardController } from './dashboard/dashboard.controller';
import { FallbackController } from './fallback.controller';
import { AdminErrorsFilter } from './http/admin-errors.filter';
import { AdminHttp } from './http/admin-http';
import { IdentitiesController } from './identities/identities.controller';
import { ADMIN_OIDC, LoginController } from './login/login.controller';
import { AdminOidcClient } from './login/admin-oidc-client';
import { RelyingPartiesController } from './relying-parties/relying-parties.controller';

/**
 * The pages of the console; a page of later work adds its controller here (before the fallback) and
 * its routes to ADMIN_ROUTES.
 */
export const ADMIN_CONTROLLERS: Type[] = [LoginController, DashboardController, ApprovalsController, RelyingPartiesController, IdentitiesController, AuditController, CaController];

/**
 * The administrators' console under /admin, server-rendered. The platform mounts it, and `mountAdmin`
 * in front of the HTTP shell (security headers, the stylesheet, the form size limit).
 */
@Module({})
export class AdminModule {
  static forRoot(app: AdminAppDependencies): DynamicModule {
    const base = app.publicBaseUrl.replace(/\/$/, '');
    const client = new AdminOidcClient({
      issuer: `${base}/oidc`,
      clientId: app.client.clientId,
      privateJwk: app.client.privateJwk,
      redirectUri: adminRedirectUri(base),
      postLogoutRedirectUri: adminPostLogoutRedirectUri(base),
    });
    return {
      module: AdminModule,
      // The fallback last: its catch-all route must come after every page's.
      controllers: [...ADMIN_CONTROLLERS, FallbackController],
      providers: [{ provide: ADMIN_APP, useValue: app }, { provide: ADMIN_OIDC, useValue: client }, AdminHttp, AdminErrorsFilter],
    };
  }
}

/** Where the gateway sends the browser back after a login: registered with the console's client. */
export const adminRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/admin/callback`;
/** Where the gateway's logout returns: registered with the console's client. */
export const adminPostLogoutRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/admin/logged-out`;
