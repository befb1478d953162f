export { SigningRequests, webhookEvent, type RequestingParty, type SigningRequestsDependencies } from './signing-requests';
export { checkNewSigningRequest, DEFAULT_SIGNING_LIMITS, type NewSigningRequest, type CheckedSigningRequest, type SigningLimits } from './new-signing-request';
export { SigningServiceError, type SigningErrorCode } from './signing-error';
export { ENDED, SIGNING_STATUSES, type SigningRequest, type SigningStatus, type SignaturePlacement } from './signing-request';
export { signerDirectory } from './signer-directory';
export type { DeviceSigningKey, DeviceSigningKeyStore, SignerDirectory, SigningEvent, SigningEventSink, SigningRequestDocument, SigningRequestStore, SigningTrustServices, WebhookSender } from './ports';
export { signedWebhookSender, type WebhookSigningKey, type SignedWebhookOptions } from './webhook/signed-webhook-sender';
export { CardSignatures, type CardSignaturesDependencies, type CardCertificateCheck, type CardSigningRefusal } from './card/card-signatures';
export type { CardSignature, CardSignatureStatus, CardSignatureStore, PreparedCardSignature } from './card/card-signature';
