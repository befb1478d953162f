export { ATTRIBUTE_CATALOGUE, attributeByClaim, attributeOfField, inCatalogueOrder, type AttributeDefinition, type ClaimKind } from './attribute-catalogue';
export { SCOPE_BUNDLES, claimsOfScope } from './scope-bundles';
export { ConsentError, type ConsentErrorCode } from './consent-error';
export { requestableClaims, checkEntitlement, type Entitlement } from './entitlement';
export { consentCovers, CONSENT_VALIDITY_DAYS, type ConsentRecord } from './consent-record';
export { releasedClaims } from './released-claims';
export { declarationFor, type Declaration } from './declaration';
export { ConsentService, type ConsentStore, type ConsentEvents, type ConsentServiceDependencies, type IssuedUnderConsent } from './consent-service';
