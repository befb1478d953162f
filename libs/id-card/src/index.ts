export { CardError, CARD_ERROR_MESSAGES, type CardErrorCode } from './card-error';
export { CARD_KEYS, MAX_TRIES, tokenLabel, cardOfToken, type CardKey } from './card-layout';
export type { CardReader } from './card-token';
export { assertPersonalisation, personaliseCard, SPOILT_TOKEN_LABEL, type CardCertificateIssuer, type Personalisation, type PersonalisedToken } from './card-personalisation';
export { authenticate, getSigningCertificate, signHash, unblock } from './card-app';
export {
  WEB_EID_FORMAT,
  CARD_APP_VERSION,
  NONCE_MIN_LENGTH,
  NONCE_MAX_LENGTH,
  jwaAlgorithm,
  type WebEidAuthenticationToken,
  type HashFunction,
  type SignatureAlgorithmDescription,
} from './web-eid';
