import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpShell, createLogger, NestPinoLogger, type Logger } from '@theqa/http-shell';
import { ensureInstallation, migrateDatabase, openDatabase, type Database } from '@theqa/persistence';
import { TrustServicesModule } from '@theqa/trust-services';
import { startCertificateAuthority } from './certificate-authority-runtime';
import { databaseEnv, type PlatformConfig } from './platform-config';
import { PlatformModule } from './platform.module';

export interface RunningPlatform {
  app: NestExpressApplication;
  database: Database;
  logger: Logger;
  /** Where this process listens, e.g. http://127.0.0.1:8080 */
  url: string;
  stop(): Promise<void>;
}

/** Opens the database, applies pending migrations, and serves every app on one port. */
export async function startPlatform(config: PlatformConfig, logger = createLogger({ level: config.LOG_LEVEL })): Promise<RunningPlatform> {
  const database = await openDatabase({ env: databaseEnv(config), applicationName: 'theqa-platform' });
  try {
    const applied = await migrateDatabase(database.dataSource);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
    const authority = await startCertificateAuthority({ database, env: process.env, publicBaseUrl: config.publicBaseUrl, logger });
    const app = await createPlatformApp(database, logger, [TrustServicesModule.forRoot(authority.ca, authority.issuanceToken)]);
    const server = app.getHttpServer();
    authority.attachFastPaths(server);
    // Idle keep-alive connections outlive the proxies' and clients' own (60 s is common), so that a
    // client never reuses a connection the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    await app.listen(config.PORT, config.HOST);
    const address = app.getHttpServer().address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    return {
      app,
      database,
      logger,
      url,
      stop: async () => {
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
