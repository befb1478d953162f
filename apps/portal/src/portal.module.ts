import { Module, type DynamicModule } from '@nestjs/common';
import { AccountController } from './account/account.controller';
import { ConsentsController } from './account/consents.controller';
import { DevicesController } from './account/devices.controller';
import { FallbackController } from './fallback.controller';
import { PortalErrorsFilter } from './http/portal-errors.filter';
import { PortalHttp } from './http/portal-http';
import { LoginController, PORTAL_OIDC } from './login/login.controller';
import { PortalOidcClient } from './login/portal-oidc-client';
import { PORTAL_APP, type PortalAppDependencies } from './portal-app-dependencies';
import { UpgradeController } from './upgrade/upgrade.controller';

/**
 * The citizens' self-service portal under /portal, server-rendered. The platform mounts it, and
 * `mountPortal` in front of the HTTP shell (security headers, the stylesheet, the form size limit).
 */
@Module({})
export class PortalModule {
  static forRoot(app: PortalAppDependencies): DynamicModule {
    const base = app.publicBaseUrl.replace(/\/$/, '');
    const client = new PortalOidcClient({
      issuer: `${base}/oidc`,
      clientId: app.client.clientId,
      privateJwk: app.client.privateJwk,
      redirectUri: portalRedirectUri(base),
      postLogoutRedirectUri: portalPostLogoutRedirectUri(base),
    });
    return {
      module: PortalModule,
      // The fallback last: its catch-all route must come after every page's.
      controllers: [LoginController, AccountController, UpgradeController, DevicesController, ConsentsController, FallbackController],
      providers: [{ provide: PORTAL_APP, useValue: app }, { provide: PORTAL_OIDC, useValue: client }, PortalHttp, PortalErrorsFilter],
    };
  }
}

/** Where the gateway sends the browser back after a login: registered with the portal's client. */
export const portalRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/portal/callback`;
/** Where the gateway's logout returns: registered with the portal's client. */
export const portalPostLogoutRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/portal/logged-out`;
