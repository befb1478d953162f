import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { decodeChallenge, documentCode, fromBase64url, toBase64url, type SigningContext } from '@theqa/device-protocol';
import { IdentityError, type DeviceChallenges, type DeviceRecord } from '@theqa/identity';
import type { PushNotifier } from '@theqa/integrations';
import type { Bilingual } from '@theqa/kernel';
import { complete, inspectPdf, PadesError, prepare, renderSignatureAppearance, type PrepareOptions } from '@theqa/pades';
import { checkNewSigningRequest, DEFAULT_SIGNING_LIMITS, type CheckedSigningRequest, type NewSigningRequest, type SigningLimits } from './new-signing-request';
import type { DeviceSigningKey, SignerDirectory, SigningEventSink, SigningRequestStore, SigningTrustServices, WebhookSender } from './ports';
import { SigningServiceError } from './signing-error';
import { SIGNING_STATUSES, type SigningRequest } from './signing-request';

export interface RequestingParty {
  clientId: string;
  name: Bilingual;
}

export interface SigningRequestsDependencies {
  store: SigningRequestStore;
  signers: SignerDirectory;
  challenges: DeviceChallenges;
  push: PushNotifier;
  trust: SigningTrustServices;
  events: SigningEventSink;
  webhooks: WebhookSender;
  limits?: Partial<SigningLimits>;
  clock?: () => Date;
}

/** What a signing request's creation works with, step by step. */
interface Creation {
  party: RequestingParty;
  input: CheckedSigningRequest;
  now: Date;
  id: string;
  /** The submitted document as the request names it: hashed once (it may be 25 MB). */
  document: SigningRequest['document'];
  signer: { device: DeviceRecord; key: DeviceSigningKey; chain: Buffer[]; names: { ar?: string; en?: string } };
  prepared: ReturnType<typeof prepare>;
  code: string;
  challenge: { id: string; payload: string };
  request: SigningRequest;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
/** Webhook retries: 10 s, 1 min, 5 min, 30 min, 2 h, then it is given up. */
const WEBHOOK_RETRIES_SECONDS = [10, 60, 300, 1800, 7200];

/**
 * Signing requests of relying parties, end to end: a request is checked, its signer found (a HIGH
 * identity whose device holds a signing key with a good certificate), its signature prepared (the
 * incremental update and the CMS signed attributes), and a signing challenge sent to that device. The
 * device answers with the PIN, counted as every PIN, and the signing key's signature of the signed
 * attributes; the platform completes the PAdES signature (time-stamp, validation data) and the relying
 * party downloads the file, told by a signed webhook if it asked for one.
 */
export class SigningRequests {
  private readonly limits: SigningLimits;
  private readonly clock: () => Date;

  constructor(private readonly deps: SigningRequestsDependencies) {
    this.limits = { ...DEFAULT_SIGNING_LIMITS, ...deps.limits };
    this.clock = deps.clock ?? (() => new Date());
  }

  get maxDocumentBytes(): number {
    return this.limits.maxDocumentBytes;
  }

  async create(party: RequestingParty, submitted: NewSigningRequest): Promise<SigningRequest> {
    const creation = { party, now: this.clock(), id: randomBytes(16).toString('base64url') } as Creation;
    creation.input = checkNewSigningRequest(submitted, this.limits);
    this.readDocument(creation);
    await this.findSigner(creation);
    await this.prepareSignature(creation);
    await this.issueChallenge(creation);
    await this.store(creation);
    await this.notifyDevice(creation);
    return creation.request;
  }

  /** The request as its relying party may see it; another party's, or none, is one `request-unknown`. */
  async statusFor(clientId: string, id: unknown): Promise<SigningRequest> {
    const request = typeof id === 'string' && /^[A-Za-z0-9_-]{22}$/.test(id) ? await this.deps.store.find(id) : undefined;
    if (!request || request.relyingParty !== clientId) throw new SigningServiceError('request-unknown', 'no signing request of yours has this id');
    return this.expiredIfLapsed(request);
  }

  async signedDocumentFor(clientId: string, id: unknown): Promise<{ request: SigningRequest; pdf: Buffer }> {
    const request = await this.statusFor(clientId, id);
    const pdf = request.status === 'signed' ? await this.deps.store.signedDocument(request.id) : undefined;
    if (!pdf) throw new SigningServiceError('document-not-signed', `the document is not signed (the request is ${request.status})`, { status: request.status });
    return { request, pdf };
  }

  /** The document as submitted, for the device the request is for (the web wallet renders its first page). */
  async documentForDevice(device: string, id: string): Promise<Buffer> {
    const request = await this.deps.store.find(id);
    const document = request && request.device === device && request.status === 'pending' ? await this.deps.store.documentOf(id) : undefined;
    if (!document) throw new SigningServiceError('request-unknown', 'no pending signing request of this device has this id');
    return document.pdf;
  }

  /** A device's pending requests with their signing challenges, newest first (the wallet's "signing requests"). */
  pendingForDevice(device: string): Promise<Array<{ request: SigningRequest; challenge: string }>> {
    return this.deps.store.pendingForDevice(device, this.clock());
  }

  /** The person's pending requests, newest first. */
  pendingOf(civilNumber: string, limit = 50): Promise<SigningRequest[]> {
    return this.deps.store.ofPerson(civilNumber, ['pending'], limit);
  }

  /** A relying party's requests for one person, newest first (the portal's own "sign a PDF" list). */
  async requestsOf(clientId: string, civilNumber: string, limit = 20): Promise<SigningRequest[]> {
    const requests = await this.deps.store.ofPerson(civilNumber, SIGNING_STATUSES, limit, clientId);
    return Promise.all(requests.map((request) => this.expiredIfLapsed(request)));
  }

  /** The document as its relying party submitted it (the portal shows the person what they uploaded). */
  async submittedDocumentFor(clientId: string, id: unknown): Promise<{ request: SigningRequest; pdf: Buffer }> {
    const request = await this.statusFor(clientId, id);
    const document = await this.deps.store.documentOf(request.id);
    if (!document) throw new SigningServiceError('request-unknown', 'the signing request has no document');
    return { request, pdf: document.pdf };
  }

  /**
   * Why this person could not sign now — the refusal `create` would give (no active identity, not
   * HIGH, PIN blocked, no signing key, its certificate not good) — or undefined when they can: the
   * portal says so before anything is uploaded.
   */
  async signerProblem(civilNumber: string): Promise<SigningServiceError | undefined> {
    try {
      await this.signerOf(civilNumber, this.clock());
      return undefined;
    } catch (error) {
      if (error instanceof SigningServiceError) return error;
      throw error;
    }
  }

  /**
   * The device's answer to a signing challenge. The challenge machinery checks the device's signature,
   * spends the challenge and counts the PIN (three wrong PINs block); then a refusal declines the
   * request, and an approval's document signature must verify with the device's signing key before the
   * request is taken (once) and completed.
   */
  async answer(body: unknown): Promise<SigningRequest> {
    let outcome: Awaited<ReturnType<DeviceChallenges['answer']>>;
    try {
      outcome = await this.deps.challenges.answer(body, ['signing']);
    } catch (error) {
      if (error instanceof IdentityError && error.code === 'pin-wrong') await this.reissueAfterWrongPin(body);
      throw error;
    }
    const context = outcome.challenge.signing as SigningContext;
    const actor = `device:${outcome.device.serial}`;
    if (outcome.decision === 'deny') {
      await this.end(context.request, 'declined', 'the person declined to sign', actor);
      return this.requireRequest(context.request);
    }
    // A request made before the identity was suspended: its approval after the suspension signs nothing.
    if (outcome.identity.status !== 'active') {
      await this.end(context.request, 'failed', 'the digital identity is suspended', actor);
      throw new SigningServiceError('signer-unknown', 'this person has no active digital identity (it is suspended)');
    }
    const key = await this.deps.signers.signingKey(outcome.device.serial);
    const signature = outcome.answer.document_signature;
    const signedAttributes = Buffer.from(fromBase64url(context.signed_attributes));
    if (!key || !signature || !documentSignatureVerifies(key.publicKeySpki, signedAttributes, Buffer.from(fromBase64url(signature)))) {
      await this.end(context.request, 'failed', "the device's document signature did not verify with its signing key", actor);
      throw new SigningServiceError('signature-invalid', "the document signature does not verify with this device's signing key");
    }
    const taken = await this.deps.store.take(context.request, this.clock());
    if (typeof taken === 'string') {
      if (taken === 'expired') throw new SigningServiceError('request-expired', 'the signing request has expired: ask the service for a new one');
      throw new SigningServiceError('request-not-pending', `the signing request is ${taken}`, { status: taken });
    }
    return this.completeSignature(taken, key, Buffer.from(fromBase64url(signature)), actor);
  }

  /**
   * A wrong PIN spends the signing challenge (the challenge machinery spends before it counts), but it
   * is one of the person's three tries, not the end of the request: the device gets a new challenge for
   * the same request, as a phone shows the PIN pad again. Only after the device's own signature was
   * checked (a wrong PIN is counted for an authentic answer only), and only for the request's current
   * challenge while it is pending.
   */
  private async reissueAfterWrongPin(body: unknown): Promise<void> {
    const spent = decodeChallenge((body as { challenge: string }).challenge);
    const context = spent.signing;
    const request = context && (await this.deps.store.find(context.request));
    if (!context || !request || request.status !== 'pending' || request.challenge !== spent.id || request.device !== spent.device || request.expiresAt <= this.clock()) return;
    const signing = (await this.deps.signers.signingDevices(request.civilNumber)).find((d) => d.device.serial === request.device);
    if (!signing) return;
    const envelope = await this.deps.challenges.issueSigning(signing.device, context, request.expiresAt);
    await this.deps.store.replaceChallenge(request.id, spent.id, envelope.challenge.id);
  }

  /** Lapsed pending requests become expired (housekeeping); their webhooks become due. */
  async expireLapsed(): Promise<number> {
    const expired = await this.deps.store.expireLapsed(this.clock());
    for (const request of expired) await this.record('signing.expired', 'system', request, {});
    return expired.length;
  }

  /** Delivers due webhooks (after each completion, and from housekeeping for retries). */
  deliverWebhooks(limit = 20): Promise<number> {
    return this.deps.store.deliverDueWebhooks(
      this.clock(),
      limit,
      (request) => (request.webhookUrl ? this.deps.webhooks.send(request.webhookUrl, webhookEvent(request)) : Promise.resolve(true)),
      (attempts) => (attempts <= WEBHOOK_RETRIES_SECONDS.length ? new Date(this.clock().getTime() + WEBHOOK_RETRIES_SECONDS[attempts - 1] * 1000) : undefined),
    );
  }

  // Creation's steps, in order.

  private readDocument(creation: Creation): void {
    try {
      const { document, documentName } = creation.input;
      creation.document = { name: documentName, sha256: sha256(document).toString('hex'), pages: inspectPdf(document).pages, bytes: document.length };
    } catch (error) {
      if (error instanceof PadesError) throw new SigningServiceError('document-invalid', `the document cannot be signed: ${error.message}`, { reason: error.code });
      throw error;
    }
    const placement = creation.input.appearance;
    if (placement && placement.page > creation.document.pages) {
      throw new SigningServiceError('request-invalid', `the signature is placed on page ${placement.page}, but the document has ${creation.document.pages}`);
    }
  }

  private async findSigner(creation: Creation): Promise<void> {
    const { civilNumber } = creation.input;
    const chosen = await this.signerOf(civilNumber, creation.now);
    creation.signer = { device: chosen.device, key: chosen.key, chain: this.deps.trust.chainOf(chosen.key.certificate), names: (await this.deps.signers.names(civilNumber)) ?? {} };
  }

  /** The person's device and signing key that sign now, or the refusal saying why none can. */
  private async signerOf(civilNumber: string, now: Date): Promise<{ device: DeviceRecord; key: DeviceSigningKey }> {
    const identity = await this.deps.signers.identity(civilNumber);
    if (!identity || identity.status !== 'active') throw new SigningServiceError('signer-unknown', 'this person has no active digital identity');
    if (identity.assurance !== 'high') {
      throw new SigningServiceError('signer-not-high', 'only an identity at the high assurance level can sign: the person upgrades in the self-service portal first');
    }
    if (identity.pinBlockedAt) throw new SigningServiceError('signer-blocked', "the person's PIN is blocked: they reset it before they can sign");
    const devices = await this.deps.signers.signingDevices(civilNumber);
    const chosen = devices.sort((a, b) => b.key.createdAt.getTime() - a.key.createdAt.getTime())[0];
    if (!chosen) throw new SigningServiceError('signer-no-signing-key', 'the person has no device with a signing key');
    if ((await this.deps.trust.certificateStatus(chosen.key.certificateSerial, now)) !== 'good') {
      throw new SigningServiceError('signer-certificate-invalid', "the person's signing certificate is revoked or expired: they renew it in the self-service portal");
    }
    return chosen;
  }

  private async prepareSignature(creation: Creation): Promise<void> {
    const { input, signer, now } = creation;
    const placement = input.appearance;
    const options: PrepareOptions = {
      certificate: signer.key.certificate,
      chain: signer.chain,
      level: input.level,
      signingTime: now,
      reason: input.reason,
      name: signer.names.en ?? signer.names.ar,
      visible: placement && {
        page: placement.page,
        rect: { x: placement.x, y: placement.y, width: placement.width, height: placement.height },
        appearance: renderSignatureAppearance({ width: placement.width, height: placement.height, signer: signer.names, signedAt: now, timeZone: 'Asia/Muscat', reason: input.reason ? scriptOf(input.reason) : undefined }),
      },
    };
    try {
      creation.prepared = prepare(input.document, options);
    } catch (error) {
      if (error instanceof PadesError) throw new SigningServiceError('document-invalid', `the document cannot be signed: ${error.message}`, { reason: error.code });
      throw error;
    }
    creation.code = await documentCode(creation.prepared.signedAttributes, sha256);
  }

  private async issueChallenge(creation: Creation): Promise<void> {
    const { input, party, signer } = creation;
    const context: SigningContext = {
      request: creation.id,
      relying_party: party.name,
      document: creation.document,
      ...(input.reason ? { reason: input.reason } : {}),
      code: creation.code,
      signed_attributes: toBase64url(creation.prepared.signedAttributes),
    };
    const envelope = await this.deps.challenges.issueSigning(signer.device, context, this.expiryOf(creation.now));
    creation.challenge = { id: envelope.challenge.id, payload: envelope.payload };
  }

  private async store(creation: Creation): Promise<void> {
    const { input, now } = creation;
    creation.request = {
      id: creation.id,
      relyingParty: creation.party.clientId,
      civilNumber: input.civilNumber,
      device: creation.signer.device.serial,
      status: 'pending',
      document: creation.document,
      reason: input.reason,
      level: input.level,
      code: creation.code,
      challenge: creation.challenge.id,
      webhookUrl: input.webhookUrl,
      createdAt: now,
      expiresAt: this.expiryOf(now),
    };
    await this.deps.store.create(creation.request, { pdf: input.document, prepared: creation.prepared.prepared.state });
    await this.record('signing.requested', `rp:${creation.party.clientId}`, creation.request, { certificate: creation.signer.key.certificateSerial });
  }

  private async notifyDevice(creation: Creation): Promise<void> {
    const { request, party } = creation;
    // A nudge only (a push payload is small): the wallet reads the request itself, signing its read.
    await this.deps.push.notify(
      request.device,
      {
        type: 'signing-request',
        alert: { ar: `طلب توقيع من ${party.name.ar}`, en: `Signing request from ${party.name.en}` },
        data: { request: request.id },
      },
      { ttlSeconds: Math.max(60, Math.floor((request.expiresAt.getTime() - creation.now.getTime()) / 1000)) },
    );
  }

  // Completion.

  private async completeSignature(request: SigningRequest, key: DeviceSigningKey, signature: Buffer, actor: string): Promise<SigningRequest> {
    const document = await this.deps.store.documentOf(request.id);
    if (!document) throw new SigningServiceError('request-unknown', 'the signing request has no document');
    let signed: Buffer;
    try {
      signed = await complete({ pdf: document.pdf, state: document.prepared }, signature, key.certificate, this.deps.trust.chainOf(key.certificate), {
        timeStamp: this.deps.trust.timeStamp,
        revocation: this.deps.trust.revocation,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.end(request.id, 'failed', `the signature could not be completed: ${message}`, actor);
      throw new SigningServiceError('completion-failed', `the signature could not be completed: ${message}`);
    }
    const signedSha256 = sha256(signed).toString('hex');
    const now = this.clock();
    await this.deps.store.complete(request.id, { pdf: signed, sha256: signedSha256 }, now);
    const done: SigningRequest = { ...request, status: 'signed', completedAt: now, signedSha256 };
    await this.record('document.signed', actor, done, { certificate: key.certificateSerial, signed_sha256: signedSha256 });
    this.deliverSoon();
    return done;
  }

  private async end(id: string, status: 'declined' | 'failed', failure: string, actor: string): Promise<void> {
    if (!(await this.deps.store.end(id, status, failure, this.clock()))) return;
    const request = await this.deps.store.find(id);
    if (request) await this.record(status === 'declined' ? 'signing.declined' : 'signing.failed', actor, request, { failure });
    this.deliverSoon();
  }

  private deliverSoon(): void {
    // Not awaited: the answer does not wait for the relying party's endpoint; a failed delivery is retried by housekeeping.
    this.deliverWebhooks().catch(() => undefined);
  }

  private async requireRequest(id: string): Promise<SigningRequest> {
    const request = await this.deps.store.find(id);
    if (!request) throw new SigningServiceError('request-unknown', 'no such signing request');
    return request;
  }

  private async expiredIfLapsed(request: SigningRequest): Promise<SigningRequest> {
    if (request.status === 'pending' && request.expiresAt <= this.clock()) return { ...request, status: 'expired' };
    return request;
  }

  private expiryOf(now: Date): Date {
    return new Date(now.getTime() + this.limits.lifetimeSeconds * 1000);
  }

  private record(action: string, actor: string, request: SigningRequest, details: Record<string, unknown>): Promise<void> {
    return this.deps.events.record({
      action,
      actor,
      subject: request.civilNumber,
      // The document's name: the person's activity shows which document, not only its digest.
      details: { request: request.id, relying_party: request.relyingParty, device: request.device, document_name: request.document.name, document_sha256: request.document.sha256, level: request.level, ...details },
    });
  }
}

/** The signing key's ECDSA signature (DER or P1363) of the signed attributes, with SHA-256. */
function documentSignatureVerifies(spki: Buffer, signedAttributes: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const dsaEncoding = signature[0] === 0x30 && signature.length !== 64 && signature.length !== 96 ? 'der' : 'ieee-p1363';
    return verify('sha256', signedAttributes, { key, dsaEncoding }, signature);
  } catch {
    return false;
  }
}

function scriptOf(text: string): { ar?: string; en?: string } {
  return /\p{Script=Arabic}/u.test(text) ? { ar: text } : { en: text };
}

/** What the webhook tells: which request, how it ended, and the signed file's hash. */
export function webhookEvent(request: SigningRequest): Record<string, unknown> {
  return {
    type: 'signing-request.ended',
    request: request.id,
    relying_party: request.relyingParty,
    status: request.status,
    ...(request.signedSha256 ? { signed_sha256: request.signedSha256 } : {}),
    ...(request.failure ? { failure: request.failure } : {}),
    ended_at: (request.completedAt ?? request.expiresAt).toISOString(),
  };
}

