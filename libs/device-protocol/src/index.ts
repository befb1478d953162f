export { DEVICE_PROTOCOL_VERSION } from './version';
// The kernel's: messages are signed over it, so it belongs to the protocol's API too.
export { canonicalJson } from '@theqa/kernel';
export { toBase64url, fromBase64url, utf8, fromUtf8, ProtocolFormatError } from './base64url';
export { PIN_LENGTH, trivialPins, pinRefusal, PIN_REFUSAL_MESSAGES, type PinContext, type PinRefusal } from './pin-rules';
export { pinProofMessage, PIN_PROOF_PATTERN } from './pin-proof';
export { DEVICE_SERIAL_PATTERN, deviceSerialFrom, isDeviceSerial } from './device-serial';
export { SIGNED_CARD_DATA_FORMAT, readSignedCardData, type SignedCardData } from './signed-card-data';
export {
  CHALLENGE_PURPOSES,
  encodeChallenge,
  decodeChallenge,
  type ChallengePurpose,
  type DeviceChallenge,
  type ChallengeEnvelope,
  type LoginContext,
  VERIFICATION_CODE,
} from './device-challenge';
export { loginScanSigningBytes, readLoginScan, type LoginScan } from './login-scan';
export { upgradeScanSigningBytes, readUpgradeScan, type UpgradeScan } from './upgrade-scan';
export { UPGRADE_STEPS, type UpgradeStep, type UpgradeState, type SigningKeyRequest, type UpgradeResult } from './upgrade-messages';
export { deviceReadSigningBytes, deviceReadQuery, DEVICE_READ_WINDOW_SECONDS, type DeviceRead } from './device-read';
export { answerSigningBytes, readDeviceAnswer, type DeviceAnswer, type UnsignedDeviceAnswer } from './device-answer';
export {
  ENROLMENT_STEPS,
  type EnrolmentStep,
  type StartEnrolment,
  type EnrolmentState,
  type ContactDetails,
  type TermsAcceptance,
  type FaceCapture,
  type OtpEntry,
  type PinChoice,
  type DeviceKeyRequest,
  type EnrolmentResult,
  type PinResetChoice,
  type PinResetResult,
} from './enrolment-messages';
export { readUnsealResult, UNSEALING_SECRET_PATTERN, UNSEAL_KEY_PATTERN, type UnsealResult } from './unsealing';
export { buildDeviceKeyRequest, p1363ToDer, toPem } from './device-key-request';
export { QR_KINDS, encodeQrPayload, decodeQrPayload, type QrKind, type QrPayload } from './qr-payload';
export { documentCode, isSigningContext, signedAttributesOf, DOCUMENT_CODE_ALPHABET, DOCUMENT_CODE_PATTERN, type SigningContext } from './signing-request';
export { checkSignedAttributes } from './signed-attributes';
