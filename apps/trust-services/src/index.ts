export { TrustServicesModule } from './trust-services.module';
export { createOcspHttpHandler } from './ocsp-http';
export { CERTIFICATE_AUTHORITY } from './certificate-authority.token';
export { caProblem, asProblem } from './ca-problems';
export { IssuanceApiToken, developmentTokenFile } from './issuance-api-token';
export { createIssuanceHttpHandler } from './issuance-http';
