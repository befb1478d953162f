import type { DeviceRecord, IdentityRecord } from '@theqa/identity';
import type { PreparedSignature, RevocationFunction, TimeStampFunction } from '@theqa/pades';
import type { SigningRequest, SigningStatus } from './signing-request';

/** A device's signing key and the qualified certificate issued for it (made at the upgrade to HIGH). */
export interface DeviceSigningKey {
  device: string;
  publicKeySpki: Buffer;
  certificateSerial: string;
  certificate: Buffer;
  createdAt: Date;
}

/** What a request keeps besides its summary: the PDF as submitted and the prepared signature. */
export interface SigningRequestDocument {
  pdf: Buffer;
  prepared: PreparedSignature;
}

export interface SigningRequestStore {
  create(request: SigningRequest, document: SigningRequestDocument): Promise<void>;
  find(id: string): Promise<SigningRequest | undefined>;
  documentOf(id: string): Promise<SigningRequestDocument | undefined>;
  /**
   * pending → completing, in one conditional UPDATE: only one answer can take a request, and only
   * before it expires. Returns the request as taken, or its status when it was not pending (or
   * 'expired' when it lapsed).
   */
  take(id: string, now: Date): Promise<SigningRequest | SigningStatus | 'unknown'>;
  /** A pending request's signing challenge `from` is replaced by `to` (after a wrong PIN spent it); false when it was not `from`. */
  replaceChallenge(id: string, from: string, to: string): Promise<boolean>;
  /** completing → signed, with the signed file; the webhook (if any) becomes due. */
  complete(id: string, signed: { pdf: Buffer; sha256: string }, now: Date): Promise<void>;
  /** pending or completing → declined or failed; the webhook (if any) becomes due. */
  end(id: string, status: 'declined' | 'failed', failure: string, now: Date): Promise<boolean>;
  signedDocument(id: string): Promise<Buffer | undefined>;
  /** Pending requests whose time is up become expired (their webhooks due); returns how many. */
  expireLapsed(now: Date): Promise<SigningRequest[]>;
  /**
   * Takes up to `limit` due webhooks for delivery (each row locked for the attempt, skipped by other
   * instances), calls `deliver` for each, and records the outcome: delivered, or due again later.
   */
  deliverDueWebhooks(now: Date, limit: number, deliver: (request: SigningRequest) => Promise<boolean>, retryAt: (attempts: number) => Date | undefined): Promise<number>;
  /** A device's unexpired pending requests and their challenges' payloads, newest first. */
  pendingForDevice(device: string, now: Date): Promise<Array<{ request: SigningRequest; challenge: string }>>;
  /** Requests of a person, newest first (the portal's lists), of one relying party only when it is named. */
  ofPerson(civilNumber: string, statuses: readonly SigningStatus[], limit: number, relyingParty?: string): Promise<SigningRequest[]>;
}

/** Where devices' signing keys are recorded (the upgrade to HIGH records them; signing reads them). */
export interface DeviceSigningKeyStore {
  ofDevice(device: string): Promise<DeviceSigningKey | undefined>;
  /** The keys of the person's devices, active or not. */
  ofPerson(civilNumber: string): Promise<DeviceSigningKey[]>;
  record(key: Omit<DeviceSigningKey, 'createdAt'>, now: Date): Promise<void>;
}

/** The identity side: who the person is, which device signs for them, with which key. */
export interface SignerDirectory {
  identity(civilNumber: string): Promise<IdentityRecord | undefined>;
  /** The person's active devices that hold a signing key (one, after the upgrade to HIGH). */
  signingDevices(civilNumber: string): Promise<Array<{ device: DeviceRecord; key: DeviceSigningKey }>>;
  signingKey(device: string): Promise<DeviceSigningKey | undefined>;
  /** The person's names as the civil registry has them, for the visible signature. */
  names(civilNumber: string): Promise<{ ar?: string; en?: string } | undefined>;
}

/** What the certificate authority provides: chains, the certificate's status, time-stamps, revocation data. */
export interface SigningTrustServices {
  /** The issuing CAs of a certificate, leaf-most first, up to and with the root. */
  chainOf(certificate: Buffer): Buffer[];
  /** good while the certificate is unexpired and not revoked or suspended. */
  certificateStatus(serialHex: string, at: Date): Promise<'good' | 'revoked' | 'unknown'>;
  timeStamp: TimeStampFunction;
  revocation: RevocationFunction;
}

/** Signs the webhook's JWS (the platform's published key) and posts it. */
export interface WebhookSender {
  send(url: string, event: Record<string, unknown>): Promise<boolean>;
}

export interface SigningEvent {
  action: string;
  actor: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** The audit log (and the person's activity) as the signing service writes to it. */
export interface SigningEventSink {
  record(event: SigningEvent): Promise<void>;
}
