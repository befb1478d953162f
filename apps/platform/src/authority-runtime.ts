import type { Server } from 'node:http';
import path from 'node:path';
import type { CertificateAuthority } from '@theqa/ca-service';
import type { Logger } from '@theqa/http-shell';
import type { CivilRegistry } from '@theqa/integrations';
import { isDatabaseUnavailable } from '@theqa/persistence';
import { createIssuanceHttpHandler, createOcspHttpHandler, type IssuanceApiToken } from '@theqa/trust-services';
import type { PlatformConfiguration } from './composition/configuration';
import { childEntry } from './composition/worker-loader';
import { SupervisedChild } from './supervision/supervised-child';

const CRL_CHECK_INTERVAL_MS = 5 * 60_000;
// A reservation this old whose signing never completed belongs to a process that died.
const ABANDONED_AFTER_MS = 5 * 60_000;

/**
 * What the certificate authority does while the platform runs, beyond answering requests: recovers
 * issuances a crash interrupted, keeps CRLs fresh, moves citizen issuance to worker threads when asked,
 * and runs the dedicated OCSP responder in a supervised process of its own.
 */
export async function startAuthorityRuntime(options: { ca: CertificateAuthority; issuanceToken: IssuanceApiToken; registry: CivilRegistry; config: PlatformConfiguration; logger: Logger }) {
  const { ca, logger } = options;
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

  let responder: SupervisedChild | undefined;
  return {
    /** The dedicated OCSP responder on its own port, in its own process; `/ca/ocsp` on the main port stays. */
    async startOcspResponder(): Promise<SupervisedChild | undefined> {
      if (!options.config.ocspResponder) return undefined;
      responder = await SupervisedChild.start({
        name: 'ocsp-responder',
        ...childEntry(path.join(__dirname, 'ocsp-responder-main')),
        message: options.config,
        logger,
      });
      return responder;
    },
    /**
     * Puts the CA's node:http fast paths (OCSP, and the ordinary issuance request) in front of the web
     * framework on this server; each leaves every request it does not serve to the framework.
     */
    attachFastPaths(server: Server) {
      const handleOcsp = createOcspHttpHandler(ca.ocsp, logger);
      const handleIssuance = createIssuanceHttpHandler({ ca, registry: options.registry }, options.issuanceToken, logger, { outage: isDatabaseUnavailable });
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
    },
  };
}
