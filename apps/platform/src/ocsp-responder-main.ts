import 'reflect-metadata';
import { createLogger } from '@theqa/http-shell';
import { readMigrationStatus } from '@theqa/persistence';
import { startOcspResponder } from '@theqa/trust-services';
import type { PlatformConfiguration } from './composition/configuration';
import { PlatformServices } from './composition/platform-services';
import { runAsSupervisedChild } from './supervision/child-process-side';

/**
 * The dedicated OCSP responder's process, forked and supervised by the platform when OCSP_PORT is set:
 * its own event loop, away from the web framework and the embedded database, against the same
 * database and keys. Its configuration is the platform's, handed over by message, and its services
 * come from the same composition root.
 */
runAsSupervisedChild<PlatformConfiguration>('OCSP responder', async (config) => {
  if (!config.ocspResponder) throw new Error('the configuration has no OCSP responder (OCSP_PORT)');
  const logger = createLogger({ level: config.logLevel }).child({ component: 'ocsp-process' });
  const services = await PlatformServices.open(config, { logger, actor: 'system', applicationName: 'theqa-ocsp', poolSize: 4 });
  try {
    const ca = await services.authority();
    const responder = await startOcspResponder({
      ocsp: ca.ocsp,
      logger,
      port: config.ocspResponder.port,
      host: config.ocspResponder.host,
      // The platform's /health reads the same: the database answers.
      probeStatusSource: () => readMigrationStatus(services.database.dataSource),
    });
    return {
      url: responder.url,
      async stop() {
        await responder.close();
        await services.close();
      },
    };
  } catch (error) {
    await services.close();
    throw error;
  }
});
