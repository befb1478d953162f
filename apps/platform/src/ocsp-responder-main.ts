import 'reflect-metadata';
import { CertificateAuthority, readCaSettings } from '@theqa/ca-service';
import { createLogger } from '@theqa/http-shell';
import { openDatabase } from '@theqa/persistence';
import { startOcspResponder } from '@theqa/trust-services';
import { databaseEnv, loadPlatformConfig } from './platform-config';

/**
 * The dedicated OCSP responder's process, forked by the platform when OCSP_PORT is set (see
 * ocsp-responder-process.ts): its own event loop, away from the web framework and the embedded
 * database, against the same database and keys. Tells the parent `{ ready: url }` or `{ failed }`.
 */
async function main(): Promise<void> {
  const config = loadPlatformConfig(process.env);
  if (config.OCSP_PORT === undefined) throw new Error('OCSP_PORT is not set');
  const logger = createLogger({ level: config.LOG_LEVEL }).child({ component: 'ocsp-process' });
  const database = await openDatabase({ env: databaseEnv(config), applicationName: 'theqa-ocsp', poolSize: 4 });
  const ca = await CertificateAuthority.open({
    dataSource: database.dataSource,
    settings: readCaSettings(process.env),
    publicBaseUrl: config.publicBaseUrl,
    actor: 'system',
    onError: (error, context) => logger.error({ err: error, context }, 'certificate authority error'),
  });
  const responder = await startOcspResponder({ ocsp: ca.ocsp, logger, port: config.OCSP_PORT, host: config.OCSP_HOST ?? config.HOST });
  process.send?.({ ready: responder.url });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await responder.close();
    await ca.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The platform is gone: so is its responder.
  process.on('disconnect', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.send?.({ failed: message });
  process.stderr.write(`theqa: the OCSP responder could not start: ${message}\n`);
  process.exit(1);
});
