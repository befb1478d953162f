import type { Bilingual } from '@theqa/kernel';
import type { PreparedSignature } from '@theqa/pades';

/**
 * Where a signature with the ID card is: the PDF uploaded and waiting for the card; its signature
 * prepared for the card's signing certificate (the hash handed to the card); being completed; signed;
 * or failed (a signature that did not verify, a completion that could not be made).
 */
export type CardSignatureStatus = 'uploaded' | 'prepared' | 'completing' | 'signed' | 'failed';

/** A PDF the person signs with their ID card in the portal (the older Tam service's flow). */
export interface CardSignature {
  /** 16 random bytes, base64url. */
  id: string;
  civilNumber: string;
  status: CardSignatureStatus;
  document: { name: Bilingual; sha256: string; pages: number; bytes: number };
  reason?: string;
  /** The card's signing certificate, once the card gave it and it passed its checks. */
  certificateSerial?: string;
  createdAt: Date;
  /** Until when the card may sign it: then it is to be uploaded again. */
  expiresAt: Date;
  completedAt?: Date;
  signedSha256?: string;
  failure?: string;
}

/** What the card's certificate prepared: kept with the upload until the card's signature comes back. */
export interface PreparedCardSignature {
  certificate: Buffer;
  certificateSerial: string;
  state: PreparedSignature;
  /** SHA-256 of the CMS signed attributes: what the card signs. */
  digest: Buffer;
}

/**
 * PostgreSQL in the platform: a second instance may take the card's signature, so everything between
 * the two phases lives in the store, and every change of status is one conditional statement.
 */
export interface CardSignatureStore {
  create(signature: CardSignature, pdf: Buffer): Promise<void>;
  /** The person's own; another person's is none. */
  find(civilNumber: string, id: string): Promise<CardSignature | undefined>;
  ofPerson(civilNumber: string, limit: number): Promise<CardSignature[]>;
  document(civilNumber: string, id: string): Promise<Buffer | undefined>;
  /** uploaded or prepared → prepared with this certificate, while unexpired: one UPDATE; false when it was not so. */
  prepare(civilNumber: string, id: string, prepared: PreparedCardSignature, now: Date): Promise<boolean>;
  /** prepared → completing, while unexpired and for this digest, in one UPDATE: one signature completes it. */
  take(civilNumber: string, id: string, now: Date): Promise<{ signature: CardSignature; prepared: PreparedCardSignature; pdf: Buffer } | undefined>;
  /** completing → signed with the signed file. */
  complete(id: string, signed: { pdf: Buffer; sha256: string }, now: Date): Promise<void>;
  /** completing → failed. */
  fail(id: string, failure: string, now: Date): Promise<void>;
  signedDocument(civilNumber: string, id: string): Promise<Buffer | undefined>;
}
