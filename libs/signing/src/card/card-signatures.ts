import { createHash, randomBytes } from 'node:crypto';
import type { Bilingual } from '@theqa/kernel';
import { complete, inspectPdf, PadesError, prepare } from '@theqa/pades';
import { checkNewSigningRequest, DEFAULT_SIGNING_LIMITS } from '../new-signing-request';
import type { SigningEventSink, SigningTrustServices } from '../ports';
import { SigningServiceError } from '../signing-error';
import type { CardSignature, CardSignatureStore } from './card-signature';

/** How a card's signing certificate came out of its checks (SigningCertificates of @theqa/web-eid in the platform). */
export type CardCertificateCheck = (certificateBase64: unknown, holder: string) => Promise<{ ok: true; der: Buffer; serialHex: string } | { ok: false; code: string; detail: string }>;

/** Why a step of the card's signing was refused: the certificate's checks' codes, or the signature's. */
export type CardSigningRefusal = { ok: false; code: string; detail: string };

export interface CardSignaturesDependencies {
  store: CardSignatureStore;
  checkCertificate: CardCertificateCheck;
  trust: SigningTrustServices;
  /** The person's names as the civil registry has them (the signature's /Name). */
  names(civilNumber: string): Promise<{ ar?: string; en?: string } | undefined>;
  events: SigningEventSink;
  maxDocumentBytes?: number;
  /** How long an upload waits for the card (default an hour). */
  lifetimeSeconds?: number;
  clock?: () => Date;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * "Sign a PDF with the ID card", the Tam flow over Web eID: the PDF is uploaded and reviewed; the card's
 * signing certificate (the extension's `get-signing-certificate`) is checked — the Citizen Signing CA,
 * the qualified profile, the person logged in, not revoked — and the PAdES signature (B-LT) prepared for
 * it, whose signed attributes' SHA-256 the card signs with PIN2 (`sign`); the signature value completes
 * it (time-stamp, validation data) and the signed PDF is kept for download. Each signature and each
 * refusal is audited as `card.signature`, with the card certificate's serial.
 */
export class CardSignatures {
  private readonly clock: () => Date;
  readonly maxDocumentBytes: number;

  constructor(private readonly deps: CardSignaturesDependencies) {
    this.clock = deps.clock ?? (() => new Date());
    this.maxDocumentBytes = deps.maxDocumentBytes ?? DEFAULT_SIGNING_LIMITS.maxDocumentBytes;
  }

  /** The PDF, checked as every signing request's (a readable PDF, not too large, named), kept for the card. */
  async upload(civilNumber: string, submitted: { document: Buffer; documentName: Bilingual; reason?: string }): Promise<CardSignature> {
    const checked = checkNewSigningRequest({ civilNumber, document: submitted.document, documentName: submitted.documentName, reason: submitted.reason }, { ...DEFAULT_SIGNING_LIMITS, maxDocumentBytes: this.maxDocumentBytes });
    let pages: number;
    try {
      pages = inspectPdf(checked.document).pages;
    } catch (error) {
      if (error instanceof PadesError) throw new SigningServiceError('document-invalid', `the document cannot be signed: ${error.message}`, { reason: error.code });
      throw error;
    }
    const now = this.clock();
    const signature: CardSignature = {
      id: randomBytes(16).toString('base64url'),
      civilNumber: checked.civilNumber,
      status: 'uploaded',
      document: { name: checked.documentName, sha256: sha256(checked.document).toString('hex'), pages, bytes: checked.document.length },
      reason: checked.reason,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (this.deps.lifetimeSeconds ?? 3600) * 1000),
    };
    await this.deps.store.create(signature, checked.document);
    return signature;
  }

  find(civilNumber: string, id: string): Promise<CardSignature | undefined> {
    return this.deps.store.find(civilNumber, id);
  }

  recent(civilNumber: string, limit: number): Promise<CardSignature[]> {
    return this.deps.store.ofPerson(civilNumber, limit);
  }

  submittedDocument(civilNumber: string, id: string): Promise<Buffer | undefined> {
    return this.deps.store.document(civilNumber, id);
  }

  signedDocument(civilNumber: string, id: string): Promise<Buffer | undefined> {
    return this.deps.store.signedDocument(civilNumber, id);
  }

  /**
   * Phase one: the card's signing certificate checked for this person, the signature prepared for it.
   * The answer is the hash the card signs (SHA-256 of the signed attributes), base64.
   */
  async prepare(civilNumber: string, id: string, certificateBase64: unknown): Promise<{ ok: true; hash: string; hashFunction: 'SHA-256' } | CardSigningRefusal> {
    const signature = await this.deps.store.find(civilNumber, id);
    const now = this.clock();
    const unusable = this.unusable(signature, now);
    if (unusable) return unusable;
    const checked = await this.deps.checkCertificate(certificateBase64, civilNumber);
    if (!checked.ok) {
      await this.record(civilNumber, 'refused', id, { refusal: checked.code, detail: checked.detail, step: 'certificate' });
      return checked;
    }
    const live = signature as CardSignature;
    const pdf = await this.deps.store.document(civilNumber, id);
    if (!pdf) return { ok: false, code: 'request-unknown', detail: 'the upload has no document' };
    const names = (await this.deps.names(civilNumber)) ?? {};
    let prepared: ReturnType<typeof prepare>;
    try {
      prepared = prepare(pdf, { certificate: checked.der, chain: this.deps.trust.chainOf(checked.der), level: 'B-LT', signingTime: now, reason: live.reason, name: names.en ?? names.ar });
    } catch (error) {
      if (!(error instanceof PadesError)) throw error;
      return { ok: false, code: 'document-invalid', detail: error.message };
    }
    const saved = await this.deps.store.prepare(civilNumber, id, { certificate: checked.der, certificateSerial: checked.serialHex, state: prepared.prepared.state, digest: prepared.digest }, now);
    if (!saved) return { ok: false, code: 'request-not-pending', detail: 'the upload is no longer waiting for the card' };
    return { ok: true, hash: prepared.digest.toString('base64'), hashFunction: 'SHA-256' };
  }

  /**
   * Phase two: the card's signature value (ECDSA r ‖ s, as the card gives it; DER too) completes the
   * prepared signature, once: the first answer takes it. A value that does not verify with the card's
   * certificate fails it (nothing signed; the person uploads again).
   */
  async complete(civilNumber: string, id: string, signatureBase64: unknown): Promise<{ ok: true; signature: CardSignature } | CardSigningRefusal> {
    if (typeof signatureBase64 !== 'string' || signatureBase64.length > 2048 || !BASE64.test(signatureBase64)) {
      return { ok: false, code: 'signature-invalid', detail: 'the signature is not base64' };
    }
    const now = this.clock();
    const taken = await this.deps.store.take(civilNumber, id, now);
    if (!taken) {
      const signature = await this.deps.store.find(civilNumber, id);
      return this.unusable(signature, now, ['prepared']) ?? { ok: false, code: 'request-not-pending', detail: 'the card has not been asked for this signature' };
    }
    const { prepared, pdf } = taken;
    let signed: Buffer;
    try {
      signed = await complete({ pdf, state: prepared.state }, Buffer.from(signatureBase64, 'base64'), prepared.certificate, this.deps.trust.chainOf(prepared.certificate), {
        timeStamp: this.deps.trust.timeStamp,
        revocation: this.deps.trust.revocation,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof PadesError && /signature/.test(error.code) ? 'signature-invalid' : 'completion-failed';
      await this.deps.store.fail(id, `the signature could not be completed: ${message}`, this.clock());
      await this.record(civilNumber, 'refused', id, { refusal: code, detail: message, step: 'signature', certificate: prepared.certificateSerial });
      return { ok: false, code, detail: message };
    }
    const signedSha256 = sha256(signed).toString('hex');
    const completedAt = this.clock();
    await this.deps.store.complete(id, { pdf: signed, sha256: signedSha256 }, completedAt);
    const done: CardSignature = { ...taken.signature, status: 'signed', completedAt, signedSha256, certificateSerial: prepared.certificateSerial };
    await this.record(civilNumber, 'signed', id, { certificate: prepared.certificateSerial, document_name: done.document.name, document_sha256: done.document.sha256, signed_sha256: signedSha256, level: 'B-LT' });
    return { ok: true, signature: done };
  }

  /** Why this upload cannot go to the card now, if it cannot. */
  private unusable(signature: CardSignature | undefined, now: Date, waiting: CardSignature['status'][] = ['uploaded', 'prepared']): CardSigningRefusal | undefined {
    if (!signature) return { ok: false, code: 'request-unknown', detail: 'no upload of this person has this id' };
    if (!waiting.includes(signature.status)) return { ok: false, code: 'request-not-pending', detail: `the upload is ${signature.status}` };
    if (signature.expiresAt <= now) return { ok: false, code: 'request-expired', detail: 'the upload waited too long for the card' };
    return undefined;
  }

  private record(civilNumber: string, outcome: 'signed' | 'refused', id: string, details: Record<string, unknown>): Promise<void> {
    return this.deps.events.record({ action: 'card.signature', actor: `person:${civilNumber}`, subject: civilNumber, details: { outcome, upload: id, ...details } });
  }
}
