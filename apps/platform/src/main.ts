import { CaSettingsError, readCaSettings } from '@theqa/ca-service';
import { createLogger } from '@theqa/http-shell';
import { developmentTokenFile } from '@theqa/trust-services';
import { ConfigurationError, loadPlatformConfig, type PlatformConfig } from './platform-config';
import { startPlatform } from './platform';

async function main(): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadPlatformConfig(process.env);
    // The CA's settings too, before anything (database, keys) is touched.
    readCaSettings(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof CaSettingsError) {
      process.stderr.write(`theqa: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const platform = await startPlatform(config, logger);
  logger.info({ url: platform.url, ocsp: platform.ocspUrl }, 'platform listening');
  printWelcome(config, platform.url, platform.ocspUrl);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await platform.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

function printWelcome(config: PlatformConfig, listening: string, ocspUrl: string | undefined): void {
  const base = config.publicBaseUrl;
  const lines = [
    '',
    'Theqa platform is running.',
    `  listening on      ${listening}`,
    `  health            ${base}/health`,
    `  CA certificates   ${base}/ca/certs  (root: ${base}/ca/certs/theqa-root-ca.pem)`,
    `  CRLs              ${base}/ca/crl/<ca>.crl  (e.g. ${base}/ca/crl/citizen-authentication-ca.crl)`,
    `  OCSP              ${base}/ca/ocsp${ocspUrl ? `  (dedicated responder: ${ocspUrl}/ca/ocsp)` : ''}`,
    `  time-stamps       ${base}/ca/tsa  (RFC 3161)`,
    `  issuance API      ${base}/ca/certificates  (bearer token: THEQA_CA_API_TOKEN${config.THEQA_ENV === 'production' ? '' : `, or ${developmentTokenFile(readCaSettings(process.env).devDir)}`})`,
    `  database          ${config.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `embedded (data in ${config.THEQA_DATA_DIR}/)`}`,
    '  administration    npx theqa --help  (ca, db, audit)',
    'Stop with Ctrl+C; data is kept for the next start.',
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`theqa: the platform could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
