import type { Command } from 'commander';
import { createLogger } from '@theqa/http-shell';
import { readMigrationStatus } from '@theqa/persistence';
import { startOcspResponder } from '@theqa/trust-services';
import { CliError, type Output } from '../output';
import { cliConfiguration, withPlatform } from '../platform-session';

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new CliError(`--port "${value}" is not a port (0 to 65535; 0 picks a free one)`, 'usage', 2);
  return port;
}

export function registerOcspCommands(program: Command, output: () => Output): void {
  const ocsp = program.command('ocsp').description('the OCSP responder');

  ocsp
    .command('serve')
    .description('run the dedicated OCSP responder on its own port, against the platform database, until stopped (Ctrl+C, SIGTERM)')
    .option('--port <n>', 'port to listen on (default: OCSP_PORT, else 8081)', portOption)
    .option('--host <address>', 'address to listen on (default: OCSP_HOST, else HOST, else 127.0.0.1)')
    .action((options: { port?: number; host?: string }) => {
      const config = cliConfiguration();
      const port = options.port ?? config.ocspResponder?.port ?? 8081;
      const host = options.host ?? config.ocspResponder?.host ?? config.server.host;
      // Logs to stderr: stdout carries the command's result (one JSON document with --json).
      const logger = createLogger({ level: config.logLevel, destination: process.stderr });
      return withPlatform(
        async (services) => {
          const authority = await services.authority();
          // /health says when the database is down and answers are tryLater, as the platform's child does.
          const probeStatusSource = () => readMigrationStatus(services.database.dataSource);
          const responder = await startOcspResponder({ ocsp: authority.ocsp, logger, port, host, probeStatusSource }).catch((error: NodeJS.ErrnoException) => {
            throw new CliError(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`, 'listen');
          });
          output().result({ url: responder.url, ocsp: `${responder.url}/ca/ocsp`, health: `${responder.url}/health` }, () => `OCSP responder listening on ${responder.url}/ca/ocsp (stop with Ctrl+C)`);
          const signal = await new Promise<NodeJS.Signals>((resolve) => {
            process.once('SIGINT', resolve);
            process.once('SIGTERM', resolve);
          });
          logger.info({ signal }, 'ocsp responder stopping');
          await responder.close();
        },
        { poolSize: 8, applicationName: 'theqa-ocsp' },
      );
    });
}
