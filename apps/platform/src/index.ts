// The composition root, for the processes that share it: the platform itself, its OCSP responder
// process, the CLI, and the test run's global setup.
export {
  loadConfiguration,
  ConfigurationError,
  CONFIGURATION_EXIT_CODE,
  type PlatformConfiguration,
  type DatabaseConfiguration,
  type KeyStoreConfiguration,
  type ExternalSystemsConfiguration,
  type HttpServiceConfiguration,
  type LogLevel,
} from './composition/configuration';
export { PlatformServices, type PlatformServicesOptions } from './composition/platform-services';
export { developmentIssuanceTokenFile } from './composition/development-secrets';
export { startPlatform, type RunningPlatform } from './platform';
