import os from 'node:os';
import { CaError } from '@theqa/ca';
import { createLogger } from '@theqa/http-shell';
import { CONFIGURATION_EXIT_CODE, ConfigurationError, loadConfiguration, PlatformServices, type PlatformConfiguration } from '@theqa/platform';
import { CliError } from './output';

/** Who acts, as the audit log records a command's changes. */
export const cliActor = () => `cli:${os.userInfo().username}`;

let configuration: PlatformConfiguration | undefined;

/**
 * The platform's configuration, read from the environment once per command run, by the platform's
 * own schema (a bad value is refused as the platform refuses it, exit 78).
 */
export function cliConfiguration(): PlatformConfiguration {
  try {
    configuration ??= loadConfiguration(process.env);
    return configuration;
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(error.message, 'configuration', CONFIGURATION_EXIT_CODE);
    throw error;
  }
}

/**
 * Runs one command on the platform's services, wired by the platform's composition root exactly as
 * the running platform wires them (one audit log, one key store), and closes them after it.
 */
export async function withPlatform<T>(work: (services: PlatformServices) => Promise<T>, options: { poolSize?: number; applicationName?: string } = {}): Promise<T> {
  const config = cliConfiguration();
  // Logs go to stderr: stdout carries the command's result (one JSON document with --json).
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, destination: process.stderr });
  const services = await PlatformServices.open(config, { logger, actor: cliActor(), applicationName: options.applicationName ?? 'theqa-cli', poolSize: options.poolSize ?? 2 });
  try {
    return await work(services);
  } catch (error) {
    if (error instanceof CaError) throw new CliError(error.message, error.code);
    throw error;
  } finally {
    await services.close();
  }
}
