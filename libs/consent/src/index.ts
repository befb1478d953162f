export { ATTRIBUTE_CATALOGUE, attributeByClaim, attributeOfField, inCatalogueOrder, type AttributeDefinition, type ClaimKind } from './attribute-catalogue';
export { SCOPE_BUNDLES, claimsOfScope } from './scope-bundles';
export { ConsentError, type ConsentErrorCode } from './consent-error';
export { requestableClaims, checkEntitlement, type Entitlement } from './entitlement';
export { consentCovers, CONSENT_VALIDITY_DAYS, type ConsentRecord } from './consent-record';
export { releasedClaims } from './released-claims';
export { declarationFor, type Declaration } from './declaration';
export { ConsentService, type ConsentStore, type ConsentEvents, type ConsentServiceDependencies, type IssuedUnderConsent } from './consent-service';
export {
  CONSENT_NOTICE_ID,
  CONSENT_RECEIPT_MEDIA_TYPE,
  CONSENT_RECEIPT_SCHEMA,
  CONSENT_RECEIPT_STANDARD,
  CONSENT_RECEIPT_TYPE,
  consentState,
  receiptContentOf,
  type ConsentReceiptContent,
  type ConsentState,
} from './receipt/consent-receipt';
export { ConsentReceipts, type ConsentReceiptsDependencies, type ReceiptControllers } from './receipt/consent-receipts';
export { publishedJwk, receiptKeyId, type EcPublicJwk, type ReceiptKey, type ReceiptKeys, type ReceiptKeySet, type ReceiptPublicJwk } from './receipt/receipt-keys';
export { verifyConsentReceipt, type VerifiedConsentReceipt } from './receipt/verify-consent-receipt';
