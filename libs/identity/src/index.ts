export { IdentityError, type IdentityErrorCode } from './identity-error';
export { IDENTITY_ERRORS } from './identity-error-presentation';
export type {
  JourneyRecord,
  JourneyState,
  JourneyStore,
  IdentityRecord,
  DeviceRecord,
  IdentityStore,
  PinAttempt,
  NewDeviceKey,
  ChallengeRecord,
  ChallengeStore,
  IdentityEvent,
  IdentityEventSink,
  DeviceCertificates,
  SigningCertificates,
  NewSigningKey,
  UpgradeStore,
  SecretMac,
} from './ports';
export { verifyCardRead, type VerifiedCard } from './card/card-read-verifier';
export { readCardOf } from './card/card-reader';
export { Registration, type RegistrationDependencies } from './enrolment/registration';
export { DEFAULT_JOURNEY_LIMITS, type JourneyLimits } from './enrolment/journey-limits';
export { CURRENT_TERMS } from './enrolment/terms';
export { maskPhone } from './enrolment/phone-mask';
export { tokenHash } from './enrolment/journey-guard';
export { pinVerifier, pinMatches, assertPinProofAcceptable } from './pin/pin-verifier';
export { PinReset, type PinResetDependencies } from './pin/pin-reset';
export { DeviceChallenges, PIN_ATTEMPTS, type ChallengeOutcome, type DeviceChallengeDependencies } from './devices/device-challenges';
export { Upgrades, type UpgradeDependencies, type UpgradeBegun, type UpgradeStatus } from './upgrade/upgrades';
export { DEFAULT_UPGRADE_LIMITS, type UpgradeLimits } from './upgrade/upgrade-limits';
export { UPGRADE_ELIGIBILITY } from './upgrade/upgrade-eligibility';
export { signingKeyState, type SigningKeyState, type DeviceSigningKeyState } from './upgrade/signing-key-state';
export { authorizeDeviceRead } from './devices/device-reads';
export { deviceBySignature, deviceRemoved } from './devices/device-signature';
export { ABUSE_LIMITS } from './abuse/abuse-limits';
export { AbuseLimiter, type Caller } from './abuse/abuse-limiter';
export { callerNetwork } from './abuse/caller-network';
export { readUnsealKey, unsealingSecret } from './devices/unsealing';
export { certificateHolder, HolderNamesDisagree, type CertificateHolder, type ClaimedHolder, type HolderName, type UnregisteredHolders } from './certificates/certificate-holder';
export { assertCardHolder, type CardOnRecord } from './card/card-validity';
export { CARD_HOLDER_REFUSALS, checkCardHolder, type CardHolderRefusalCode, type CardHolderSources, type IssuedIdCards } from './card/card-holder-check';
export { activityQuery, ACTIVITY_PAGE, type ActivityEntry, type ActivityHistory, type ActivityPage, type ActivityQuery } from './activity/activity-entry';
export { describeActivity, ACTIVITY_EVENTS, type ActivityDescription } from './activity/describe-activity';
export {
  DeviceLifecycle,
  deviceNameProblem,
  normaliseDeviceName,
  DEVICE_NAME_MAX_LENGTH,
  type DeviceLifecycleStore,
  type DeviceLifecycleDependencies,
  type CompromisedCertificates,
  type RevokedDevice,
  type LostDevice,
} from './devices/device-lifecycle';
export * from './support';
