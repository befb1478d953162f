export { createDemoRp, acceptableAcr, type DemoRp, type DemoRpOptions, type RunningDemoRp } from './demo-rp-app';
export {
  readDemoRpConfig,
  DemoRpConfigError,
  DEFAULT_DEMO_CLAIMS,
  redirectUri,
  postLogoutRedirectUri,
  isLoopbackHost,
  type DemoRpConfig,
} from './demo-rp-config';
export { DemoRpKeyError, readClientKeyFile, type ClientPrivateJwk } from './client-key';
