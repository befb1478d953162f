import type { ConsentRecord } from '@theqa/consent';
import type { Logger } from '@theqa/http-shell';
import type { DeviceRecord, DeviceSigningKeyState, IdentityRecord, UpgradeBegun, UpgradeStatus } from '@theqa/identity';
import type { Bilingual, RateVerdict } from '@theqa/kernel';
import type { LoginTransactions, PortalSessions } from '@theqa/portal-sessions';
import type { CardSignature, CardSigningRefusal, SigningErrorCode, SigningRequest } from '@theqa/signing';

/** A certificate of the person as the CA's ledger has it, with the device it belongs to when known. */
export interface PortalCertificate {
  serialHex: string;
  /** The certificate profile: `device-authentication`, `qualified-signing`, `card-authentication`… */
  profile: string;
  status: 'pending' | 'good' | 'revoked' | 'on-hold';
  notBefore: Date;
  notAfter: Date;
  device?: string;
}

/** A signing request waiting for the person, as the dashboard lists it. */
export interface PendingSignature {
  id: string;
  relyingParty: Bilingual;
  document: Bilingual;
  code: string;
  createdAt: Date;
  expiresAt: Date;
}

/** One line of the person's activity (libs/persistence IdentityActivity's entries). */
export interface ActivityEntry {
  occurredAt: Date;
  event: string;
  device?: string;
  details: Record<string, unknown>;
}

/** A page of activity, newest first; `before` is the cursor of the next (older) page, if any. */
export interface ActivityPage {
  entries: ActivityEntry[];
  before?: string;
}

/** What a device report came to (the device revoked, its certificates, its sessions and grants ended). */
export interface LostDeviceReport {
  device: DeviceRecord;
  newlyReported: boolean;
  revokedCertificates: string[];
  sessionsEnded: number;
}

/**
 * "Sign a PDF": the signing service (@theqa/signing's SigningRequests) as the portal's own relying party,
 * for the logged-in person only. A request of another person, or of another relying party, is none.
 */
export interface PortalSigning {
  /** The largest PDF accepted, in bytes (THEQA_SIGNING_MAX_MB). */
  maxDocumentBytes: number;
  /** Why the person cannot sign now — a `signer-*` refusal of the signing service — or undefined when they can. */
  signerProblem(civilNumber: string): Promise<SigningErrorCode | undefined>;
  /**
   * Counts one upload by the person against their allowance of signing requests made in the portal
   * (THEQA_PORTAL_SIGN_UPLOADS_PER_HOUR), decided in one step in the shared counters: asked before
   * anything of the upload is read, so that a refused one costs nothing more.
   */
  admitUpload(civilNumber: string): Promise<RateVerdict>;
  /** A request for the person's signature (level B-LT); the service's refusals are SigningServiceErrors. */
  create(civilNumber: string, submitted: { document: Buffer; documentName: Bilingual; reason?: string }): Promise<SigningRequest>;
  find(civilNumber: string, id: string): Promise<SigningRequest | undefined>;
  /** The person's requests made in the portal, newest first. */
  recent(civilNumber: string, limit: number): Promise<SigningRequest[]>;
  /** The PDF as uploaded. */
  submittedDocument(civilNumber: string, id: string): Promise<Buffer | undefined>;
  /** The signed PDF, once signed. */
  signedDocument(civilNumber: string, id: string): Promise<Buffer | undefined>;
}

/**
 * "Sign a PDF with the ID card" (CardSignatures of @theqa/signing): the upload, then the two phases
 * over Web eID — the card's signing certificate in, the hash to sign out; the card's signature in, the
 * signed PDF kept. The person's own uploads only; refusals are answers with a code, not exceptions
 * (but for the upload's, SigningServiceErrors as the wallet's signing gives them).
 */
export interface PortalCardSigning {
  upload(civilNumber: string, submitted: { document: Buffer; documentName: Bilingual; reason?: string }): Promise<CardSignature>;
  find(civilNumber: string, id: string): Promise<CardSignature | undefined>;
  recent(civilNumber: string, limit: number): Promise<CardSignature[]>;
  submittedDocument(civilNumber: string, id: string): Promise<Buffer | undefined>;
  signedDocument(civilNumber: string, id: string): Promise<Buffer | undefined>;
  prepare(civilNumber: string, id: string, certificateBase64: unknown): Promise<{ ok: true; hash: string; hashFunction: 'SHA-256' } | CardSigningRefusal>;
  complete(civilNumber: string, id: string, signatureBase64: unknown): Promise<{ ok: true; signature: CardSignature } | CardSigningRefusal>;
}

/**
 * What the composition root hands the portal's routes (apps/platform/src/composition/portal-services.ts).
 * Optional members are pieces other work adds: the portal shows their links and pages only once wired.
 */
export interface PortalAppDependencies {
  /** Where people reach the platform, e.g. https://theqa.example.om: the gateway is `<it>/oidc`, the portal `<it>/portal`. */
  publicBaseUrl: string;
  /** The portal's client at the gateway: private_key_jwt with this P-256 key (`kid` as registered). */
  client: { clientId: string; privateJwk: JsonWebKey & { kid: string } };
  sessions: PortalSessions;
  logins: LoginTransactions;
  identities: {
    find(civilNumber: string): Promise<IdentityRecord | undefined>;
    devices(civilNumber: string): Promise<DeviceRecord[]>;
  };
  devices: {
    /** Renames the person's active device (the name checked by deviceNameProblem of @theqa/identity). */
    rename(civilNumber: string, serial: string, name: string, actor: string): Promise<DeviceRecord>;
    /** Revokes the device and its certificates (keyCompromise), ends its portal sessions and gateway grants. */
    reportLost(civilNumber: string, serial: string, actor: string): Promise<LostDeviceReport>;
  };
  certificates(civilNumber: string): Promise<PortalCertificate[]>;
  pendingSignatures(civilNumber: string): Promise<PendingSignature[]>;
  consents: {
    list(civilNumber: string): Promise<ConsentRecord[]>;
    withdraw(id: string, actor: string): Promise<ConsentRecord>;
  };
  /**
   * The upgrade to HIGH (`Upgrades` of @theqa/identity), or for a HIGH identity the renewal of a
   * device's signing key (the same journey): begun for the person and the device they pick,
   * followed, abandoned; only the person's own (another's is `journey-unknown`). Refusals are
   * IdentityErrors, which IDENTITY_ERRORS words in both languages with what to do next.
   */
  upgrades: {
    begin(input: { civilNumber: string; device: string; purpose?: 'upgrade' | 'renewal' }): Promise<UpgradeBegun>;
    status(journeyId: string, civilNumber: string): Promise<UpgradeStatus>;
    abandon(journeyId: string, civilNumber: string): Promise<UpgradeStatus>;
    /** The person's active devices with the state of their signing keys: a HIGH identity renews on those not `usable`. */
    deviceSigningKeys(civilNumber: string): Promise<DeviceSigningKeyState[]>;
  };
  /** A relying party's name (also of a disabled one), for consents, activity and signing requests. */
  relyingPartyName(clientId: string): Promise<Bilingual | undefined>;
  /** The person's activity, newest first, a page at a time. */
  activity(civilNumber: string, page: { limit: number; before?: string }): Promise<ActivityPage>;
  /** How an activity entry reads, in both languages (describeActivity of @theqa/identity). */
  describeActivity(entry: ActivityEntry): { title: Bilingual; detail?: Bilingual };
  /** A consent's receipt (ISO/IEC TS 27560, a JWS signed by the platform); no download link without it. */
  receipts?: (consentId: string, civilNumber: string) => Promise<{ jws: string; fileName: string }>;
  /** "Sign a PDF" (`/portal/sign`): served when wired, with `features.signPdf` showing it in the navigation. */
  signing?: PortalSigning;
  /** "Sign a PDF with the ID card" (`/portal/sign/card`): served with `signing` (its upload shares its limits and allowance). */
  cardSigning?: PortalCardSigning;
  /** Pages other work adds: their places in the navigation appear once they are served. */
  features: { upgrade: boolean; signPdf: boolean };
  /** Whether a failure is an outage (the database down): 503 with Retry-After rather than 500. */
  isOutage(error: unknown): boolean;
  logger: Logger;
}

export const PORTAL_APP = Symbol('PORTAL_APP');
