import type { CitizenIdentity } from '@theqa/ca';
import type { AssuranceLevel } from '@theqa/kernel';

/** Where a journey stands; everything a second server instance needs to carry on. */
export interface JourneyRecord {
  id: string;
  kind: 'registration' | 'pin-reset' | 'upgrade';
  civilNumber: string;
  step: string;
  status: 'open' | 'completed' | 'failed';
  stepExpiresAt: Date;
  expiresAt: Date;
  state: JourneyState;
  version: number;
  failure?: string;
}

/** The journey's facts so far (JSON in the database). Secrets appear only as MACs. */
export interface JourneyState {
  device?: { platform: string; name: string };
  deviceSerial?: string;
  cardSerial?: string;
  phoneOnRecord: string;
  email?: string;
  phoneTyped?: string;
  termsVersion?: string;
  faceAttempts: number;
  otp?: { mac: string; expiresAt: string; attempts: number; sends: number; lastSentAt: string };
  pinVerifier?: string;
  /** An upgrade not yet taken up by its device: the QR code's request id and until when it may be scanned. */
  scan?: { request: string; expiresAt: string };
  /**
   * An upgrade journey of an identity already HIGH: it renews the signing key of a device that has no
   * usable one (none, its certificate revoked or expired, or dropped at a PIN reset) rather than
   * raising the level. Absent: the upgrade to HIGH.
   */
  renewal?: boolean;
}

export interface JourneyStore {
  create(tokenSha256: Buffer, journey: JourneyRecord): Promise<void>;
  find(tokenSha256: Buffer): Promise<JourneyRecord | undefined>;
  /** Saves if nobody saved since `journey.version` was read; false otherwise (two requests raced). */
  save(journey: JourneyRecord): Promise<boolean>;
  recordTermsAcceptance(civilNumber: string, version: string, journeyId: string): Promise<void>;
}

export interface IdentityRecord {
  civilNumber: string;
  assurance: AssuranceLevel;
  status: 'active' | 'suspended';
  email?: string;
  pinFailures: number;
  pinBlockedAt?: Date;
  /** An administrator asked for a PIN reset: the PIN is blocked (`pinBlockedAt`) until the reset journey. */
  pinResetRequired?: boolean;
  createdAt: Date;
}

export interface DeviceRecord {
  serial: string;
  civilNumber: string;
  platform: string;
  name: string;
  status: 'active' | 'revoked';
  certificateSerial: string;
  publicKeySpki: Buffer;
  pinVerifier: Buffer;
  pinMacKey: string;
  /**
   * Only for a wallet that seals its device key (the CLI wallet): the key it asks for the unsealing
   * secret with, and the label of the MAC key that secret is derived under (devices/unsealing.ts).
   */
  unsealing?: { keySpki: Buffer; macKey: string };
  createdAt: Date;
}

/** A reset's new device key: its certificate, and the unseal key that comes with it (or none: the old one goes). */
export interface NewDeviceKey {
  serial: string;
  spki: Buffer;
  unsealing?: { keySpki: Buffer; macKey: string };
}

/** What one PIN attempt came to; `blocked` on a wrong PIN means this attempt set the block. */
/** A right PIN may bring the identity as it stands after the attempt (read under the attempt's lock), sparing a read. */
/** `blocked` with `resetRequired`: blocked because an administrator asked for a reset, not by wrong PINs. */
export type PinAttempt = { outcome: 'right'; identity?: IdentityRecord } | { outcome: 'wrong'; failures: number; blocked: boolean } | { outcome: 'blocked'; resetRequired?: boolean };

export interface IdentityStore {
  find(civilNumber: string): Promise<IdentityRecord | undefined>;
  device(serial: string): Promise<DeviceRecord | undefined>;
  devices(civilNumber: string): Promise<DeviceRecord[]>;
  /** One transaction: the identity (made MEDIUM if new), the device, the journey completed. */
  register(input: { civilNumber: string; email?: string; device: Omit<DeviceRecord, 'createdAt' | 'status'>; journey: JourneyRecord }): Promise<void>;
  /**
   * One PIN attempt, decided under a lock on the identity's row: a blocked identity is refused without
   * `check` running; otherwise `check` (the comparison with the verifier) runs, and the count, or the
   * block when the count reaches `blockAt`, is written before the lock is released. Attempts on one
   * identity are thus evaluated one after another, so no more than `blockAt` wrong PINs are ever
   * evaluated in a row, whatever the concurrency. A right PIN zeroes the count.
   */
  pinAttempt(civilNumber: string, check: () => Promise<boolean>, rule: { blockAt: number; now: Date }): Promise<PinAttempt>;
  setDevicePin(serial: string, verifier: Buffer, macKey: string, now: Date): Promise<void>;
  /**
   * The reset journey's end, one transaction: new PIN (and key), the block lifted, the journey completed.
   * `dropSigningKey`: the device's signing key is unrecorded in the same transaction (a wallet that
   * sealed it under the unsealing secret the new unseal key replaces can never open it again); the
   * answer names its certificate, for the caller to revoke.
   */
  completePinReset(input: { serial: string; verifier: Buffer; macKey: string; certificate?: NewDeviceKey; dropSigningKey?: boolean; journey: JourneyRecord; now: Date }): Promise<{ droppedSigningCertificate?: string } | void>;
}

export interface ChallengeRecord {
  id: string;
  device: string;
  purpose: string;
  payload: string;
  expiresAt: Date;
}

export interface ChallengeStore {
  /**
   * Keeps the challenge if its device is registered (active or removed); an unknown serial's is dropped
   * by the same statement, so that making a challenge is the same work whatever the serial.
   */
  create(challenge: ChallengeRecord): Promise<void>;
  /**
   * Marks the challenge answered, once, and only for the device it was issued to with the payload it
   * was issued as (checked in the same statement): the second call for the same id gets 'used', an
   * answer naming another device or carrying other bytes gets 'not-issued' and spends nothing.
   */
  spend(id: string, answer: { device: string; payload: string }, now: Date): Promise<ChallengeRecord | 'unknown' | 'used' | 'not-issued'>;
}

/** A security event of a person: the audit log and the person's own activity history. */
export interface IdentityEvent {
  action: string;
  civilNumber: string;
  actor: string;
  device?: string;
  details?: Record<string, unknown>;
}

export interface IdentityEventSink {
  record(event: IdentityEvent): Promise<void>;
}

/** The CA as the journeys need it. */
export interface DeviceCertificates {
  issue(input: { csr: string; identity: CitizenIdentity; actor: string }): Promise<{ serialHex: string; certificatePem: string; chainPem: string[]; publicKeySpki: Buffer }>;
  revoke(serialHex: string, reason: 'superseded' | 'cessationOfOperation', actor: string): Promise<void>;
}

/**
 * The Citizen Signing CA as the upgrade to HIGH needs it: a qualified signing certificate (profile
 * `qualified-signing`, QC statements) for a key the device made; its revocation when the upgrade that
 * asked for it could not be recorded (cessationOfOperation), when a renewal replaced it (superseded) or
 * when its key was dropped at a PIN reset (cessationOfOperation); and its status, which tells whether a
 * device's signing key is still usable ('good': issued, not revoked or on hold, within its validity).
 */
export interface SigningCertificates {
  issue(input: { csr: string; identity: CitizenIdentity; actor: string }): Promise<{ serialHex: string; certificateDer: Buffer; certificatePem: string; chainPem: string[]; publicKeySpki: Buffer }>;
  revoke(serialHex: string, reason: 'cessationOfOperation' | 'superseded', actor: string): Promise<void>;
  status(serialHex: string, at: Date): Promise<'good' | 'revoked' | 'unknown'>;
}

/** A device's signing key as the upgrade records it (the signing service reads it: device_signing_key). */
export interface NewSigningKey {
  device: string;
  publicKeySpki: Buffer;
  certificateSerial: string;
  certificateDer: Buffer;
}

/**
 * Upgrade journeys beyond what every journey has (JourneyStore): found by id (the portal's handle) and
 * by the QR code's request id (the wallet's scan), at most one open per person, and claimed once.
 */
export interface UpgradeStore {
  /** The person's open upgrade, if any (lapsed or not: the caller closes a lapsed one). */
  openOf(civilNumber: string): Promise<JourneyRecord | undefined>;
  byId(id: string): Promise<JourneyRecord | undefined>;
  /** The signing key recorded for a device (device_signing_key), if any: its certificate's serial. */
  signingKeyOf(device: string): Promise<{ certificateSerial: string } | undefined>;
  /** The journey whose current QR code carries `request` (an earlier code of the same journey finds nothing). */
  byScanRequest(request: string): Promise<JourneyRecord | undefined>;
  /**
   * Records a new upgrade waiting for its scan (`journey.state.scan`), reachable by no token yet.
   * False, and nothing written, when the person already has an open upgrade (decided by the database).
   */
  create(journey: JourneyRecord): Promise<boolean>;
  /**
   * The scan: in one statement, only if the journey still waits for exactly this request at the
   * version read, it takes the bearer token's hash, forgets the QR code and moves on (`journey` as
   * it is to be saved). True for exactly one of any number of concurrent claims.
   */
  claim(journey: JourneyRecord, request: string, tokenSha256: Buffer): Promise<boolean>;
  /**
   * The upgrade's end, one transaction: the journey completed (if nobody saved it meanwhile), the
   * device's signing key recorded (replacing an older one, whose certificate serial the answer names
   * as `replaced`, for the caller to revoke as superseded), the identity HIGH. Refuses, writing
   * nothing, when the device is no longer active (`device-revoked`) or the journey moved (`journey-busy`).
   */
  complete(input: { journey: JourneyRecord; signingKey: NewSigningKey; now: Date }): Promise<{ replaced?: string }>;
}

/** HMAC-SHA256 under a key that lives in the key store (@theqa/keys KeyStore.macKey). */
export interface SecretMac {
  readonly label: string;
  mac(data: Buffer): Promise<Buffer>;
}
