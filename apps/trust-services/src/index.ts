export { TrustServicesModule } from './trust-services.module';
export { createOcspHttpHandler } from './ocsp-http';
export { CERTIFICATE_AUTHORITY } from './certificate-authority.token';
export { caProblem, asProblem } from './ca-problems';
export { IssuanceApiToken, developmentTokenFile } from './issuance-api-token';
export { IdentityModule } from './identity/identity.module';
export { openIdentityServices, PIN_MAC_KEY_LABEL, type IdentityServices, type IdentityServicesOptions } from './identity/identity-services';
export { startOcspResponder, DEFAULT_OCSP_SERVER_LIMITS, type OcspResponderServerOptions, type OcspServerLimits, type RunningOcspResponder } from './ocsp-responder';
export { createIssuanceHttpHandler } from './issuance-http';
