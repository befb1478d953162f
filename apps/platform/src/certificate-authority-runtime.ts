import type { Server } from 'node:http';
import { CertificateAuthority, readCaSettings } from '@theqa/ca-service';
import type { Logger } from '@theqa/http-shell';
import type { Database } from '@theqa/persistence';
import { createIssuanceHttpHandler, createOcspHttpHandler, IssuanceApiToken } from '@theqa/trust-services';
import { forkOcspResponder, type OcspResponderProcess } from './ocsp-responder-process';

const CRL_CHECK_INTERVAL_MS = 5 * 60_000;
// A reservation this old whose signing never completed belongs to a process that died.
const ABANDONED_AFTER_MS = 5 * 60_000;

/** Opens the CA (creating the dev hierarchy on first start), recovers interrupted issuances, keeps CRLs fresh. */
export async function startCertificateAuthority(options: { database: Database; env: NodeJS.ProcessEnv; publicBaseUrl: string; logger: Logger }) {
  const { database, logger } = options;
  const settings = readCaSettings(options.env);
  const issuanceToken = IssuanceApiToken.fromEnvironment(options.env, settings.devDir, settings.production);
  const ca = await CertificateAuthority.open({
    dataSource: database.dataSource,
    settings,
    publicBaseUrl: options.publicBaseUrl,
    actor: 'system',
    onError: (error, context) => logger.error({ err: error, context }, 'certificate authority error'),
  });
  if (ca.created.length) logger.info({ created: ca.created }, 'CA hierarchy created');

  const abandoned = await ca.ledger.revokeAbandonedReservations(new Date(Date.now() - ABANDONED_AFTER_MS));
  if (abandoned.length) logger.warn({ serials: abandoned }, 'revoked certificates whose issuance was interrupted');
  await ca.crls.publishDue();
  // Not awaited: issuance runs on this thread until they are ready, and without them if they cannot start.
  let stopping = false;
  ca.startIssuanceWorkers().then(
    (workers) => workers && logger.info({ workers }, 'issuance workers started'),
    (error: unknown) => stopping || logger.error({ err: error }, 'issuance workers could not start; issuing on the main thread'),
  );

  const timer = setInterval(() => {
    ca.crls.publishDue().catch((error) => logger.error({ err: error }, 'CRL publication failed'));
  }, CRL_CHECK_INTERVAL_MS);
  timer.unref();

  let responder: OcspResponderProcess | undefined;

  return {
    ca,
    issuanceToken,
    /** The dedicated OCSP responder on its own port (OCSP_PORT), in its own process; `/ca/ocsp` on the main port stays. */
    async startOcspResponder(port: number, host: string) {
      responder = await forkOcspResponder({ port, host, env: options.env, logger });
      return responder.url;
    },
    /**
     * Puts the CA's node:http fast paths (OCSP, and the ordinary issuance request) in front of the web
     * framework on this server; each leaves every request it does not serve to the framework.
     */
    attachFastPaths(server: Server) {
      const handleOcsp = createOcspHttpHandler(ca.ocsp, logger);
      const handleIssuance = createIssuanceHttpHandler(ca, issuanceToken, logger);
      const [framework] = server.listeners('request') as Array<(...args: unknown[]) => void>;
      server.removeAllListeners('request');
      server.on('request', (req, res) => {
        if (!handleOcsp(req, res) && !handleIssuance(req, res)) framework(req, res);
      });
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await responder?.stop();
      await ca.close();
    },
  };
}
