import 'reflect-metadata';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { configureHttpShell, createLogger, NestPinoLogger, resolveProblem, writeProblem, type Logger } from '@theqa/http-shell';
import { ensureInstallation, migrateDatabase, openDatabase, type Database } from '@theqa/persistence';
import { Gateway, GatewayModule, mountGateway } from '@theqa/gateway';
import { IdentityModule, openIdentityServices, TrustServicesModule } from '@theqa/trust-services';
import { startCertificateAuthority } from './certificate-authority-runtime';
import { seedDemoRelyingParty } from './demo-relying-party-seed';
import { startHousekeeping } from './housekeeping';
import { databaseEnv, type PlatformConfig } from './platform-config';
import { PlatformModule } from './platform.module';

export interface RunningPlatform {
  app: NestExpressApplication;
  gateway: Gateway;
  database: Database;
  logger: Logger;
  /** Where this process listens, e.g. http://127.0.0.1:8080 */
  url: string;
  /** The dedicated OCSP responder's address, when OCSP_PORT asked for one. */
  ocspUrl?: string;
  stop(): Promise<void>;
}

/** Opens the database, applies pending migrations, and serves every app on one port. */
export async function startPlatform(config: PlatformConfig, logger = createLogger({ level: config.LOG_LEVEL })): Promise<RunningPlatform> {
  const database = await openDatabase({ env: databaseEnv(config), applicationName: 'theqa-platform' });
  try {
    const applied = await migrateDatabase(database.dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    const authority = await startCertificateAuthority({ database, env: process.env, publicBaseUrl: config.publicBaseUrl, logger });
    const identity = await openIdentityServices({ dataSource: database.dataSource, ca: authority.ca });
    const development = config.THEQA_ENV !== 'production';
    const gateway = await Gateway.open({
      dataSource: database.dataSource,
      ca: authority.ca,
      publicBaseUrl: config.publicBaseUrl,
      identity: { challenges: identity.challenges, identities: identity.identities, registry: identity.registry, push: identity.push, activity: identity.activity },
      development,
    });
    if (development && config.THEQA_DEMO_RP === 'on') await seedDemoRelyingParty(gateway, config);
    const app = await createPlatformApp(database, logger, [
      TrustServicesModule.forRoot(authority.ca, authority.issuanceToken),
      IdentityModule.forRoot(identity, { development }),
      GatewayModule.forRoot(gateway),
    ]);
    mountGateway(app, gateway);
    serveWebWallet(app, logger);
    const server = app.getHttpServer();
    authority.attachFastPaths(server);
    // Idle keep-alive connections outlive the proxies' and clients' own (60 s is common), so that a
    // client never reuses a connection the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    let ocspUrl: string | undefined;
    try {
      if (config.OCSP_PORT !== undefined) ocspUrl = await authority.startOcspResponder(config.OCSP_PORT, config.OCSP_HOST ?? config.HOST);
      await app.listen(config.PORT, config.HOST);
    } catch (error) {
      await app.close().catch(() => undefined);
      await authority.stop();
      throw error;
    }
    const housekeeping = startHousekeeping(database, logger);
    const address = app.getHttpServer().address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return {
      app,
      gateway,
      database,
      logger,
      url,
      ocspUrl,
      stop: async () => {
        housekeeping.stop();
        await stopPlatform(app, database, authority.stop);
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The Nest application with the HTTP shell configured, not yet listening (tests add modules of their own). */
export async function createPlatformApp(database: Database, logger: Logger, extraModules: Array<Type | DynamicModule> = []): Promise<NestExpressApplication> {
  const installation = await ensureInstallation(database.dataSource);
  logger.info({ database: database.target.kind, installation: installation.id }, 'database ready');
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forRoot(database, installation, extraModules), {
    bodyParser: false,
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
  });
  configureHttpShell(app, { logger });
  return app;
}

/**
 * The web wallet (apps/wallet/src/web) under /wallet: its pages as static files, its script bundled
 * from TypeScript by esbuild on the first request and kept in memory (nothing generated is written).
 * The platform only serves these files; it imports no wallet code. Where the sources or esbuild are
 * absent (an image built from dist/ without dev packages), /wallet is not served.
 */
const WEB_WALLET = path.resolve(__dirname, '../../wallet/src/web');

function serveWebWallet(app: NestExpressApplication, logger: Logger): void {
  const entry = path.join(WEB_WALLET, 'wallet.ts');
  if (!fs.existsSync(entry)) {
    logger.info({ sources: WEB_WALLET }, 'web wallet sources absent: /wallet is not served');
    return;
  }
  const secure = (res: { setHeader(name: string, value: string): unknown }) => {
    res.setHeader('content-security-policy', "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-cache');
  };
  let bundle: Promise<string> | undefined;
  app.use('/wallet/wallet.js', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    bundle ??= bundleWebWallet(entry);
    bundle.then(
      (code) => {
        secure(res);
        res.type('text/javascript').send(code);
      },
      (error: unknown) => {
        bundle = undefined;
        logger.error({ err: error }, 'web wallet bundle failed');
        writeProblem(req, res, resolveProblem(error));
      },
    );
  });
  app.useStaticAssets(path.join(WEB_WALLET, 'public'), { prefix: '/wallet', setHeaders: secure });
}

async function bundleWebWallet(entry: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', logLevel: 'silent' });
  return result.outputFiles[0].text;
}

async function stopPlatform(app: NestExpressApplication, database: Database, stopServices: () => Promise<void>): Promise<void> {
  const server = app.getHttpServer();
  server.closeIdleConnections();
  // Requests under way get a few seconds to finish; keep-alive connections are not waited for.
  const drain = setTimeout(() => server.closeAllConnections(), 3_000);
  drain.unref();
  await app.close();
  clearTimeout(drain);
  await stopServices();
  await database.close();
}
