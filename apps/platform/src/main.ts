import { CaSettingsError, readCaSettings } from '@theqa/ca-service';
import { createLogger } from '@theqa/http-shell';
import { developmentTokenFile } from '@theqa/trust-services';
import { ConfigurationError, loadPlatformConfig, type PlatformConfig } from './platform-config';
import { startDemoRelyingParty } from './demo-rp-process';
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
  const demoRp = config.THEQA_ENV !== 'production' && config.THEQA_DEMO_RP === 'on' ? startDemoRelyingParty(config, logger) : undefined;
  printWelcome(config, platform.url, platform.ocspUrl, demoRp?.url);

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
      await demoRp?.stop();
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

function printWelcome(config: PlatformConfig, listening: string, ocspUrl: string | undefined, demoRpUrl: string | undefined): void {
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
    `  enrolment API     ${base}/enrolment  (device challenges: ${base}/devices)`,
    `  OpenID Provider   ${base}/oidc  (discovery: ${base}/oidc/.well-known/openid-configuration)`,
    ...(demoRpUrl ? [`  demo RP (Naql)    ${demoRpUrl}  — log in with Theqa; approve with: npx theqa wallet --home .data/wallet approve --pending --code XX --pin 583920`] : []),
    ...(config.THEQA_ENV === 'production'
      ? []
      : [
          `  web wallet        ${base}/wallet  (Arabic; English switch)`,
          `  SMS outbox (dev)  ${base}/dev/sms  or  npx theqa registry sms --phone +96891234567`,
          '  try it            register the demo person: civil number 12345678, phone on record +96891234567,',
          '                    any 6-digit PIN that is not trivial (e.g. 583920); the code arrives in the SMS outbox;',
          `                    or: npx theqa wallet --home .data/wallet register --civil-number 12345678 --email salim@example.com --phone +96891234567 --pin 583920`,
          '                    more persons: npx theqa registry list',
        ]),
    '  administration    npx theqa --help  (ca, db, audit, registry; wallet: npx theqa wallet --help)',
    'Stop with Ctrl+C; data is kept for the next start.',
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

main().catch((error) => {
  process.stderr.write(`theqa: the platform could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
