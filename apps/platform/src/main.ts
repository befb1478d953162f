import { createLogger } from '@theqa/http-shell';
import { CONFIGURATION_EXIT_CODE, ConfigurationError, loadConfiguration, type PlatformConfiguration } from './composition/configuration';
import { developmentIssuanceTokenFile } from './composition/development-secrets';
import { startDemoRelyingParty } from './demo-rp-process';
import { startPlatform } from './platform';

async function main(): Promise<void> {
  let config: PlatformConfiguration;
  try {
    // Read once, validated as a whole, before anything (database, keys) is touched.
    config = loadConfiguration(process.env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      process.stderr.write(`theqa: ${error.message}\n`);
      process.exit(CONFIGURATION_EXIT_CODE);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const platform = await startPlatform(config, logger);
  logger.info({ url: platform.url, ocsp: platform.ocspUrl }, 'platform listening');
  const demoRp = config.demoRelyingParty ? startDemoRelyingParty(config, config.demoRelyingParty, logger) : undefined;
  printWelcome(config, platform.url, platform.ocspUrl, demoRp?.url);

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('graceful shutdown timed out');
      process.exit(1);
    }, config.server.shutdownGraceMs);
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

function printWelcome(config: PlatformConfiguration, listening: string, ocspUrl: string | undefined, demoRpUrl: string | undefined): void {
  const base = config.server.publicBaseUrl;
  const development = config.environment === 'development';
  const lines = [
    '',
    'Theqa platform is running.',
    `  listening on      ${listening}`,
    `  health            ${base}/health`,
    `  CA certificates   ${base}/ca/certs  (root: ${base}/ca/certs/theqa-root-ca.pem)`,
    `  CRLs              ${base}/ca/crl/<ca>.crl  (e.g. ${base}/ca/crl/citizen-authentication-ca.crl)`,
    `  OCSP              ${base}/ca/ocsp${ocspUrl ? `  (dedicated responder: ${ocspUrl}/ca/ocsp)` : ''}`,
    `  time-stamps       ${base}/ca/tsa  (RFC 3161)`,
    `  issuance API      ${base}/ca/certificates  (bearer token: THEQA_CA_API_TOKEN${development && !config.issuanceApiToken ? `, or ${developmentIssuanceTokenFile(config.devDir)}` : ''})`,
    `  database          ${config.database.kind === 'server' ? 'PostgreSQL from DATABASE_URL' : `embedded (data in ${config.database.dataDir})`}`,
    `  enrolment API     ${base}/enrolment  (device challenges: ${base}/devices)`,
    `  OpenID Provider   ${base}/oidc  (discovery: ${base}/oidc/.well-known/openid-configuration)`,
    `  web wallet        ${base}/wallet  (Arabic; English switch)`,
    `  portal            ${base}/portal  (self-service: devices, PIN, consents, activity; log in with the wallet)`,
    `  admin console     ${base}/admin  (administrators log in at HIGH: upgrade in the portal first; roles from THEQA_ADMIN_ROLES)`,
    ...(development ? [`                    administrators now: ${Object.entries(config.admin.roles).map(([role, people]) => `${role} ${people?.join(', ')}`).join('; ') || 'none'}`] : []),
    ...(demoRpUrl ? [`  demo RP (Naql)    ${demoRpUrl}  — log in with Theqa; approve with: npx theqa wallet --home .data/wallet approve --pending --code XX --pin 583920`] : []),
    ...(development
      ? [
          `  SMS outbox (dev)  ${base}/dev/sms  or  npx theqa registry sms --phone +96891234567`,
          '  try it            register the demo person: civil number 12345678, phone on record +96891234567,',
          '                    any 6-digit PIN that is not trivial (e.g. 583920); the code arrives in the SMS outbox;',
          `                    or: npx theqa wallet --home .data/wallet register --civil-number 12345678 --email salim@example.com --phone +96891234567 --pin 583920`,
          '                    more persons: npx theqa registry list',
        ]
      : []),
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
