export { startOcspResponder, DEFAULT_OCSP_SERVER_LIMITS, type OcspResponderServerOptions, type OcspServerLimits, type RunningOcspResponder } from './ocsp-responder-server';
