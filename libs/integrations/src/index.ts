export { IntegrationError, type IntegrationErrorCode, type IntegrationFailureKind, type ExternalSystem } from './errors';
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
export { HttpCivilRegistry, PERSON_UNKNOWN_PROBLEM, type HttpCivilRegistryOptions } from './registry/http-civil-registry';

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
export { HttpSmsGateway, type HttpSmsGatewayOptions } from './sms/http-sms-gateway';

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
export { HttpFaceMatcher, IMAGE_UNREADABLE_PROBLEM, type HttpFaceMatcherOptions } from './face/http-face-matcher';

// What every HTTP adapter shares: typed options (no environment), problem documents read from the remote
export { resolveEndpoint, type HttpEndpointOptions } from './http/http-endpoint';
export { PROBLEM_MEDIA_TYPE, type RemoteProblem } from './http/problem-details';

// Relying parties' published keys (the JwksDocuments port of @theqa/relying-parties' RemoteJwks)
export { HttpJwksDocuments, JwksDocumentError, type HttpJwksDocumentsOptions, type JwksDocumentFailure } from './jwks/http-jwks-documents';
export { isSpecialUseAddress } from './http/public-addresses';
