// Development and test stand-ins for the systems outside the platform. Production code never imports
// this library (a lint rule enforces it), except the composition root's one module that chooses them.

// Civil registry
export {
  SyntheticCivilRegistry,
  DEFAULT_REGISTRY_SEED,
  DEFAULT_REGISTRY_SIZE,
  type SyntheticRegistryOptions,
} from './registry/synthetic-civil-registry';
export { TEST_PERSONS, TEST_PERSON_NOTES, testPersonRole, testPersonNote, type TestPersonRole } from './registry/test-persons';
export { EXPIRED_CARD_DAYS_AGO, DEATH_DAYS_AGO, VISITOR_VISA_NUMBER } from './registry/special-persons';

// Face matching
export { SyntheticFaceMatcher, type SyntheticFaceMatcherOptions } from './face/synthetic-face-matcher';
export { selfieFromPhoto, selfieOf, impostorSelfieFor } from './face/selfies';

// SMS
export { InMemorySmsOutbox } from './sms/in-memory-sms-outbox';
export { OutboxSmsGateway, type OutboxSmsGatewayOptions } from './sms/outbox-sms-gateway';

// Push notifications
export { InMemoryPushChannel, type InMemoryPushChannelOptions, type PushListener } from './push/in-memory-push-channel';

// Images
export { encodePng, decodePng, readPngChunks, PngFormatError, PNG_SIGNATURE, type RgbImage, type PngChunk, type PngRowFilter } from './photo/png';
export { drawAvatar, AVATAR_WIDTH, AVATAR_HEIGHT, type AvatarTraits } from './photo/avatar';

// The same systems over HTTP, speaking the wire contract of the production adapters
export { startStandInServices, type StandInServices, type StandInServicesOptions } from './http/stand-in-services';
