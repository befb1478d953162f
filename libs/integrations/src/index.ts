export { IntegrationError, type IntegrationErrorCode, type ExternalSystem } from './errors';
export { parseDate, formatDate, addDays, addYears } from './calendar';

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
export { ENROLMENT_FIELD_LABELS, CARD_STATUS_LABELS, RESIDENCY_LABELS, type Label } from './registry/registry-labels';
export { NATIONALITIES, nationalityName } from './registry/nationalities';

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
export type { SmsOutbox } from './sms/sms-outbox';

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

// Face matching
export type { FaceMatcher, FaceComparison } from './face/face-matcher';
