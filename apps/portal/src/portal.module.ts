import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { FirstPartyOidcClient } from '@theqa/first-party-web';
import { AccountController } from './account/account.controller';
import { ConsentsController } from './account/consents.controller';
import { DevicesController } from './account/devices.controller';
import { FallbackController } from './fallback.controller';
import { PortalErrorsFilter } from './http/portal-errors.filter';
import { PortalHttp } from './http/portal-http';
import { LoginController, PORTAL_OIDC } from './login/login.controller';
import { PORTAL_APP, type PortalAppDependencies } from './portal-app-dependencies';
import { SignController } from './sign/sign.controller';
import { CardSignController } from './sign/card-sign.controller';
import { CardSignUploadPage } from './sign/card-sign-upload-page';
import { SignUploadErrorsFilter } from './sign/sign-upload-errors.filter';
import { SignUploadPage } from './sign/sign-upload-page';
import { signUploadParserLimits } from './sign/sign-upload-limits';
import { SignUploadGuard } from './sign/sign-upload.guard';
import { UpgradeController } from './upgrade/upgrade.controller';

/**
 * The citizens' self-service portal under /portal, server-rendered. The platform mounts it, and
 * `mountPortal` in front of the HTTP shell (security headers, the stylesheet, the form size limits).
 */
@Module({})
export class PortalModule {
  static forRoot(app: PortalAppDependencies): DynamicModule {
    const base = app.publicBaseUrl.replace(/\/$/, '');
    const client = new FirstPartyOidcClient({
      issuer: `${base}/oidc`,
      clientId: app.client.clientId,
      privateJwk: app.client.privateJwk,
      redirectUri: portalRedirectUri(base),
      postLogoutRedirectUri: portalPostLogoutRedirectUri(base),
      acceptsCardLogins: true,
    });
    // "Sign a PDF" is served once the signing service is wired; its upload is parsed in memory, bounded.
    const signing = app.signing
      ? {
          // The card's routes before the app's: /portal/sign/card is not a request id of /portal/sign/:id.
          controllers: [...(app.cardSigning ? [CardSignController] : []), SignController] as Type[],
          providers: [SignUploadPage, CardSignUploadPage, SignUploadGuard, SignUploadErrorsFilter],
          imports: [MulterModule.register({ limits: signUploadParserLimits(app.signing.maxDocumentBytes) })],
        }
      : { controllers: [], providers: [], imports: [] };
    return {
      module: PortalModule,
      imports: signing.imports,
      // The fallback last: its catch-all route must come after every page's.
      controllers: [LoginController, AccountController, UpgradeController, DevicesController, ConsentsController, ...signing.controllers, FallbackController],
      providers: [{ provide: PORTAL_APP, useValue: app }, { provide: PORTAL_OIDC, useValue: client }, PortalHttp, PortalErrorsFilter, ...signing.providers],
    };
  }
}

/** Where the gateway sends the browser back after a login: registered with the portal's client. */
export const portalRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/portal/callback`;
/** Where the gateway's logout returns: registered with the portal's client. */
export const portalPostLogoutRedirectUri = (publicBaseUrl: string): string => `${publicBaseUrl.replace(/\/$/, '')}/portal/logged-out`;
