export { LoginError, type LoginErrorCode } from './login-error';
export { isOpen, personOf, type LoginRequest, type LoginChannel, type LoginStatus, type LoginDenial } from './login-request';
export { LoginRequests, LOGIN_REQUEST_SECONDS, PUSH_LIMITS, CIBA_LIMITS, type LoginSubject, type LoginRequestsDependencies, type DeviceAnswerResult } from './login-requests';
export { verificationCodes } from './verification-codes';
export { requestedClaims, claimsParameterOf, claimNamesOf, type ClaimsParameter } from './requested-claims';
export type { LoginRequestStore, LoginEvents } from './ports';
export { DEVICE_CLAIM } from './first-party';
