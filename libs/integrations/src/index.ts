export { IntegrationError, type IntegrationErrorCode, type ExternalSystem } from './errors';

// Civil registry
export {
  CONSENT_ATTRIBUTES,
  ENROLMENT_FIELDS,
  type RegistryPerson,
  type ConsentAttribute,
  type CardStatus,
  type Residency,
  type BilingualText,
  type PhotoReference,
} from './registry/registry-person';
export { assertCivilNumber, type CivilRegistry, type CardStatusReport, type RegistryPhoto } from './registry/civil-registry';
export { ATTRIBUTE_LABELS, ENROLMENT_FIELD_LABELS, CARD_STATUS_LABELS, RESIDENCY_LABELS, type Label } from './registry/attribute-labels';
export { NATIONALITIES, nationalityName } from './registry/nationalities';
export {
  describePerson,
  personDocument,
  personSummary,
  formatPersonList,
  type DescribedField,
  type PersonDocument,
  type PersonSummary,
} from './registry/person-description';
export {
  SyntheticCivilRegistry,
  DEFAULT_REGISTRY_SEED,
  DEFAULT_REGISTRY_SIZE,
  type SyntheticRegistryOptions,
} from './registry/synthetic/synthetic-civil-registry';
export { TEST_PERSONS, TEST_PERSON_NOTES, testPersonRole, type TestPersonRole } from './registry/synthetic/test-persons';
export { EXPIRED_CARD_DAYS_AGO, DEATH_DAYS_AGO, VISITOR_VISA_NUMBER } from './registry/synthetic/special-persons';

// Card data (what an NFC read of the ID card yields)
export {
  CARD_DATA_FORMAT,
  cardDataGroup,
  cardDataOf,
  encodeCardData,
  parseCardDataGroup,
  cardDataMismatches,
  type CardData,
} from './card-data/card-data-group';

// SMS
export { checkSmsRequest, type SmsGateway, type SmsRequest, type SmsMessage } from './sms/sms-gateway';
export { parseMobileNumber, normalizePhoneNumber, type MobileNumber, type GccCountry } from './sms/phone-number';
export { smsEncoding, checkSmsText, MAX_SMS_SEGMENTS, type SmsEncoding } from './sms/sms-text';
export { InMemorySmsOutbox, type SmsOutbox } from './sms/sms-outbox';
export { OutboxSmsGateway, type OutboxSmsGatewayOptions } from './sms/outbox-sms-gateway';

// Push notifications
export {
  checkPushRequest,
  MAX_PUSH_PAYLOAD_BYTES,
  DEFAULT_PUSH_TTL_SECONDS,
  type PushNotifier,
  type PushPayload,
  type PushOptions,
  type PushMessage,
} from './push/push-notifier';
export { InMemoryPushChannel, type InMemoryPushChannelOptions, type PushListener } from './push/in-memory-push-channel';

// Face matching
export type { FaceMatcher, FaceComparison } from './face/face-matcher';
export { SyntheticFaceMatcher, type SyntheticFaceMatcherOptions } from './face/synthetic-face-matcher';
export { selfieFromPhoto, selfieOf, impostorSelfieFor } from './face/selfies';

// Images
export { encodePng, decodePng, readPngChunks, PngFormatError, PNG_SIGNATURE, type RgbImage, type PngChunk, type PngRowFilter } from './photo/png';
export { drawAvatar, AVATAR_WIDTH, AVATAR_HEIGHT, type AvatarTraits } from './photo/avatar';
