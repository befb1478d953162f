export {
  AUTH_METHODS,
  type AuthMethod,
  type ClientJwks,
  type ClientPublicJwk,
  type RelyingParty,
  type RelyingPartyInput,
  type RelyingPartyChanges,
  type RelyingPartyStatus,
} from './relying-party';
export { RelyingPartyError, type RelyingPartyErrorCode, type FieldProblem } from './relying-party-error';
export { CLIENT_ID_PATTERN, generateClientId } from './client-id';
export { validateRegistration, type Registration } from './validate-registration';
export { CLIENT_SECRET_MAC_LABEL, clientSecretOf, type SecretMac } from './client-secret';
export type { RelyingPartyStore, RelyingPartyEvents, RelyingPartyAction, RelyingPartyLogins } from './ports';
export { loginRange, LOGIN_RANGE_MAX_DAYS, type LoginRange, type DailyLogins } from './login-range';
export { RelyingPartyRegistry, type RelyingPartyRegistryOptions, type RegisteredRelyingParty } from './relying-party-registry';
export { clientMetadataOf, CIBA_GRANT_TYPE, type ClientMetadata } from './client-metadata';
export {
  DEMO_CLIENT_ID,
  DEMO_REDIRECT_URI,
  DEMO_POST_LOGOUT_REDIRECT_URI,
  DEMO_CLIENT_KEY_FILE,
  demoRelyingParty,
  demoClientKeys,
  jwkThumbprint,
  type DemoClientKeys,
} from './demo-relying-party';
export { InMemoryRelyingPartyStore } from './in-memory-relying-party-store';
export { checkJwksUri, JWKS_URI_RULE } from './jwks-uri';
export { RemoteJwks, RemoteJwksError, type RemoteJwksErrorCode, type RemoteJwksOptions, type JwksDocuments } from './remote-jwks';
export { authenticateClient, ClientAuthenticationError, type ClientAssertionUses, type ClientAuthenticationOptions } from './client-authentication';
