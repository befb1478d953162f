import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { configureHttpShell, NestPinoLogger, resolveProblem, sendStrictTransportSecurity, servedOverHttps, writeProblem, type Logger } from '@theqa/http-shell';
import { ensureInstallation, isDatabaseUnavailable, type Database } from '@theqa/persistence';
import { GatewayModule, mountGateway, type Gateway } from '@theqa/gateway';
import { IdentityModule, TrustServicesModule } from '@theqa/trust-services';
import { SigningModule } from '@theqa/signing-service';
import { mountPortal, PORTAL_CONTENT_SECURITY_POLICY, portalBrowserAssets, PortalModule } from '@theqa/portal';
import { AdminModule, mountAdmin } from '@theqa/admin';
import { WEB_WALLET_SCRIPT, webWalletAssets } from '@theqa/wallet';
import { startAuthorityRuntime } from './authority-runtime';
import type { PlatformConfiguration } from './composition/configuration';
import { PlatformServices } from './composition/platform-services';
import { seedDemoRelyingParty } from './demo-relying-party-seed';
import type { ComponentHealth } from './health/component-health';
import { startHousekeeping, startPeriodic } from './housekeeping';
import { PlatformModule } from './platform.module';

export interface RunningPlatform {
  app: NestExpressApplication;
  services: PlatformServices;
  gateway: Gateway;
  database: Database;
  logger: Logger;
  /** Where this process listens, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The dedicated OCSP responder's address, when OCSP_PORT asked for one. */
  ocspUrl?: string;
  stop(): Promise<void>;
}

/**
 * Opens the services (composition root), applies pending migrations, creates the development CA
 * hierarchy on a development start, and serves every app on one port.
 */
export async function startPlatform(config: PlatformConfiguration, logger: Logger): Promise<RunningPlatform> {
  const services = await PlatformServices.open(config, { logger, actor: 'system', applicationName: 'theqa-platform' });
  try {
    const applied = await services.migrate();
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    // Production never creates CA keys by itself: `npx theqa ca init` does, once, by an operator.
    if (services.development) {
      const created = await services.initialiseAuthority();
      if (created.length) logger.info({ created }, 'CA hierarchy created');
    }
    const ca = await services.authority();
    const issuanceToken = services.issuanceApiToken();
    const { registry } = await services.externalSystems();
    const authority = await startAuthorityRuntime({ ca, issuanceToken, registry, config, logger });
    const identity = await services.identity();
    const gateway = await services.gateway();
    const signing = await services.signing();
    // Made at start (their key on first use), so that the published keys are there before any receipt.
    const consentReceipts = await services.consentReceipts();
    if (config.demoRelyingParty) await seedDemoRelyingParty(await services.relyingParties(), config, config.demoRelyingParty);
    await services.ensurePortalRelyingParty();
    const portal = await services.portal();
    await services.ensureAdminRelyingParty();
    const admin = await services.admin();

    const components: Array<() => ComponentHealth> = [];
    const app = await createPlatformApp(services.database, logger, [
      TrustServicesModule.forRoot(ca, issuanceToken, registry),
      IdentityModule.forRoot(identity, { developmentTools: await services.developmentTools() }),
      GatewayModule.forRoot(gateway, { consentReceipts }),
      SigningModule.forRoot(signing),
      PortalModule.forRoot(portal),
      AdminModule.forRoot(admin),
    ], () => components.map((component) => component()), (nest) => {
      mountPortal(nest, { publicBaseUrl: config.server.publicBaseUrl, signing: portal.signing });
      mountAdmin(nest, { publicBaseUrl: config.server.publicBaseUrl });
    });
    mountGateway(app, gateway);
    serveWebWallet(app, logger);
    servePortalAssets(app, logger);
    const server = app.getHttpServer();
    authority.attachFastPaths(server);
    // After the fast paths took over the request listener: HSTS goes on their answers too.
    if (servedOverHttps(config.server.publicBaseUrl)) sendStrictTransportSecurity(server);
    // Idle keep-alive connections outlive the proxies' and clients' own (60 s is common), so that a
    // client never reuses a connection the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    let ocspUrl: string | undefined;
    try {
      const responder = await authority.startOcspResponder();
      if (responder) {
        ocspUrl = responder.url;
        components.push(() => responder.health());
      }
      await app.listen(config.server.port, config.server.host);
    } catch (error) {
      await app.close().catch(() => undefined);
      await authority.stop();
      throw error;
    }
    const housekeeping = startHousekeeping(services.database, logger);
    const signingUpkeep = startPeriodic('signing', 30_000, async () => {
      await signing.requests.expireLapsed();
      await signing.requests.deliverWebhooks();
    }, logger);
    services.startAuditCheckpoints();
    const address = app.getHttpServer().address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return {
      app,
      services,
      gateway,
      database: services.database,
      logger,
      url,
      ocspUrl,
      stop: async () => {
        housekeeping.stop();
        signingUpkeep.stop();
        await stopServer(app);
        await authority.stop();
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
}

/** The Nest application with the HTTP shell configured, not yet listening (tests add modules of their own). */
export async function createPlatformApp(
  database: Database,
  logger: Logger,
  extraModules: Array<Type | DynamicModule> = [],
  components: () => ComponentHealth[] = () => [],
  /** What must come before the HTTP shell's own middleware (the portal's headers and form size limit). */
  beforeHttpShell?: (app: NestExpressApplication) => void,
): Promise<NestExpressApplication> {
  const installation = await ensureInstallation(database.dataSource);
  logger.info({ database: database.target.kind, installation: installation.id }, 'database ready');
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forRoot(database, installation, components, extraModules), {
    bodyParser: false,
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
  });
  beforeHttpShell?.(app);
  // A database outage is answered 503 with Retry-After by every route, never 500.
  configureHttpShell(app, { logger, outage: isDatabaseUnavailable });
  return app;
}

/**
 * The web wallet under /wallet, as the wallet app hands it over: static files, and its script either
 * prebuilt (dist/) or bundled on the first request from sources and kept in memory (pdf.js's worker
 * and fonts then come from the installed package).
 */
function serveWebWallet(app: NestExpressApplication, logger: Logger): void {
  const assets = webWalletAssets();
  if (!assets) {
    logger.warn('the web wallet is absent from this build: /wallet is not served');
    return;
  }
  const csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  serveBrowserFiles(app, '/wallet', { bundles: assets.bundle ? { [WEB_WALLET_SCRIPT]: assets.bundle } : {}, scripts: assets.scripts ?? {}, folders: assets.folders ?? {} }, csp, logger);
  app.useStaticAssets(assets.publicDir, { prefix: '/wallet', setHeaders: (res) => secureAsset(res, csp) });
}

/**
 * The portal's browser files under /portal/assets/ (the review page of "sign a PDF" draws the first
 * page with them), served as the web wallet's are. Without them the page works, undrawn.
 */
function servePortalAssets(app: NestExpressApplication, logger: Logger): void {
  const assets = portalBrowserAssets();
  if (!assets) {
    logger.warn("the portal's page scripts are absent from this build: the first page of a document to sign is not drawn");
    return;
  }
  serveBrowserFiles(app, '/portal/assets', assets, PORTAL_CONTENT_SECURITY_POLICY, logger);
}

function secureAsset(res: { setHeader(name: string, value: string): unknown }, csp: string): void {
  res.setHeader('content-security-policy', csp);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
}

/**
 * A page's scripts under `prefix`: files as they are, scripts bundled from sources on the first
 * request (kept in memory; a failed bundle is tried again on the next), and folders of static files.
 */
function serveBrowserFiles(
  app: NestExpressApplication,
  prefix: string,
  files: { bundles: Record<string, () => Promise<string>>; scripts: Record<string, string>; folders: Record<string, string> },
  csp: string,
  logger: Logger,
): void {
  for (const [name, make] of Object.entries(files.bundles)) {
    let bundle: Promise<string> | undefined;
    app.use(`${prefix}/${name}`, (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      bundle ??= make();
      bundle.then(
        (code) => {
          secureAsset(res, csp);
          res.type('text/javascript').send(code);
        },
        (error: unknown) => {
          bundle = undefined;
          logger.error({ err: error, script: `${prefix}/${name}` }, 'page script bundle failed');
          writeProblem(req, res, resolveProblem(error));
        },
      );
    });
  }
  for (const [name, file] of Object.entries(files.scripts)) {
    app.use(`${prefix}/${name}`, (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      secureAsset(res, csp);
      res.type('text/javascript').sendFile(file, (error) => error && next(error));
    });
  }
  for (const [name, folder] of Object.entries(files.folders)) app.useStaticAssets(folder, { prefix: `${prefix}/${name}`, setHeaders: (res) => secureAsset(res, csp) });
}

async function stopServer(app: NestExpressApplication): Promise<void> {
  const server = app.getHttpServer();
  server.closeIdleConnections();
  // Requests under way get a few seconds to finish; keep-alive connections are not waited for.
  const drain = setTimeout(() => server.closeAllConnections(), 3_000);
  drain.unref();
  await app.close();
  clearTimeout(drain);
}
