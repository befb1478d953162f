export { WebEid, type WebEidOptions } from './web-eid';
export { WebEidValidator, type WebEidValidatorOptions, type AuthenticationAttempt, type CardAuthentication, type WebEidOutcome } from './web-eid-validator';
export { ChallengeNonces, DEFAULT_NONCE_LIFETIME_SECONDS, NONCE_BYTES, NONCE_PATTERN, BINDING_PATTERN, type ChallengeNonceStore, type IssuedChallenge, type NonceUse } from './challenge-nonces';
export { readAuthToken, TOKEN_FORMATS, TOKEN_LIMITS, type AuthToken } from './auth-token';
export { SIGNATURE_ALGORITHMS, isSignatureAlgorithm, type SignatureAlgorithm } from './signature-algorithms';
export { signedData } from './token-signature';
export { siteOrigin } from './site-origin';
export type { OcspTransport } from './revocation-check';
export { REFUSAL_TITLES, WEB_EID_REFUSAL_CODES, type WebEidRefusal, type WebEidRefusalCode } from './refusal';
