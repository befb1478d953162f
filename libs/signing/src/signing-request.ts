import type { Bilingual } from '@theqa/kernel';
import type { PadesLevel } from '@theqa/pades';

/** Where a signing request is: waiting for the person, being completed, or ended one way or another. */
export type SigningStatus = 'pending' | 'completing' | 'signed' | 'declined' | 'expired' | 'failed';

export const ENDED: readonly SigningStatus[] = ['signed', 'declined', 'expired', 'failed'];
export const SIGNING_STATUSES: readonly SigningStatus[] = ['pending', 'completing', ...ENDED];

/** Where a visible signature goes: a page (from 1) and a box in points from the lower-left corner. */
export interface SignaturePlacement {
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A relying party's request for a citizen's signature on one PDF. */
export interface SigningRequest {
  /** 16 random bytes, base64url. */
  id: string;
  relyingParty: string;
  civilNumber: string;
  /** The device whose signing key signs. */
  device: string;
  status: SigningStatus;
  document: { name: Bilingual; sha256: string; pages: number; bytes: number };
  reason?: string;
  level: PadesLevel;
  /** The four-character document code the wallet shows (device-protocol's documentCode). */
  code: string;
  /** The signing challenge's id. */
  challenge: string;
  webhookUrl?: string;
  createdAt: Date;
  expiresAt: Date;
  completedAt?: Date;
  /** SHA-256 of the signed file, once signed. */
  signedSha256?: string;
  /** Why it failed or was declined, in words a relying party can log. */
  failure?: string;
}
