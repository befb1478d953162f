import {
  answerSigningBytes,
  decodeChallenge,
  deviceReadSigningBytes,
  checkSignedAttributes,
  documentCode,
  fromBase64url,
  DEVICE_PROTOCOL_VERSION,
  type SigningContext,
  type UnsignedDeviceAnswer,
} from '@theqa/device-protocol';
import type { Bilingual } from '@theqa/kernel';
import { getBytes, getJson, postJson, ProblemError } from './api';
import { DICTIONARY, type TextKey } from './i18n';
import { deviceSignature, documentSignature, loadSigningKey, loadWallet, pinProof, type StoredWallet } from './key-store';

/**
 * The web wallet's "signing requests" (the CLI's `sign`, src/cli/signing-requests.ts): documents that
 * relying parties asked this person to sign. Each comes with its `signing` challenge; the wallet shows
 * only what the challenge says, with the code it computes itself from the signed attributes it would
 * sign. Approving: the SIGNING key signs those attributes, and the device key signs the answer that
 * carries that signature and the PIN's proof (checked and counted by the platform).
 */
export interface PendingSigning {
  id: string;
  relying_party: Bilingual;
  document: SigningContext['document'];
  reason?: string;
  /** Computed here (documentCode over the signed attributes); the relying party's page shows the same. */
  code: string;
  level: string;
  expires_at: string;
  /** The challenge exactly as the server sent it: the answer signs these bytes. */
  challenge: string;
  signedAttributes: Uint8Array;
}

export interface SigningList {
  requests: PendingSigning[];
  /** Requests not shown: their code is not the code of what they ask to sign, or they are not for this device. */
  refused: number;
}

export interface SigningOutcome {
  id: string;
  status: string;
  signed_sha256?: string;
}

/** What the device signs to read its list (apps/signing's SIGNING_REQUESTS_READ) and one request's document. */
const LIST_READ = 'signing-requests';
const documentRead = (id: string) => `signing-request:${id}`;

const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));

function refusal(code: string, key: TextKey): ProblemError {
  return new ProblemError({ status: 0, code, titles: DICTIONARY[key] });
}

async function deviceWallet(): Promise<StoredWallet> {
  const wallet = await loadWallet();
  if (!wallet) throw refusal('wallet-missing', 'signing.register-first');
  return wallet;
}

/** `?at&signature` of a read signed by the device key (only the device may read its requests). */
async function signedRead(wallet: StoredWallet, after: string): Promise<string> {
  const read = { v: DEVICE_PROTOCOL_VERSION, device: wallet.device.serial, after, at: new Date().toISOString() } as const;
  const signature = await deviceSignature(wallet.privateKey, deviceReadSigningBytes(read));
  return `at=${encodeURIComponent(read.at)}&signature=${encodeURIComponent(signature)}`;
}

/** The device's pending signing requests, newest first, each checked against its own challenge. */
export async function listSigningRequests(): Promise<SigningList> {
  const wallet = await deviceWallet();
  const serial = wallet.device.serial;
  const { requests } = await getJson<{ requests: Array<{ id: string; code: string; level: string; expires_at: string; challenge: string }> }>(
    `/sign/devices/${encodeURIComponent(serial)}/requests?${await signedRead(wallet, LIST_READ)}`,
  );
  const list: SigningList = { requests: [], refused: 0 };
  const signingKey = await loadSigningKey(serial);
  const certificateSha256 = signingKey && (await sha256(pemBody(signingKey.certificate)));
  for (const listed of requests) {
    const shown = await fromChallenge(listed.challenge, serial, certificateSha256);
    // The list's id and code must be the challenge's: the wallet shows and signs only what the challenge says.
    if (shown && shown.context.request === listed.id && shown.code === listed.code) {
      const { context } = shown;
      list.requests.push({
        id: listed.id,
        relying_party: context.relying_party,
        document: context.document,
        reason: context.reason,
        code: shown.code,
        level: listed.level,
        expires_at: listed.expires_at,
        challenge: listed.challenge,
        signedAttributes: shown.signedAttributes,
      });
    } else {
      list.refused += 1;
    }
  }
  return list;
}

/**
 * The challenge's signing request, when it is one for this device and the code it names is the code
 * of the signed attributes it carries (computed here, never taken from the server), and those are PAdES
 * signed attributes naming this wallet's signing certificate (so the key never signs other bytes).
 */
async function fromChallenge(payload: string, serial: string, certificateSha256: Uint8Array | undefined): Promise<{ context: SigningContext; signedAttributes: Uint8Array; code: string } | undefined> {
  try {
    const challenge = decodeChallenge(payload);
    if (challenge.purpose !== 'signing' || challenge.device !== serial || !challenge.signing) return undefined;
    const signedAttributes = fromBase64url(challenge.signing.signed_attributes);
    if (certificateSha256) checkSignedAttributes(signedAttributes, certificateSha256);
    const code = await documentCode(signedAttributes, sha256);
    return code === challenge.signing.code ? { context: challenge.signing, signedAttributes, code } : undefined;
  } catch {
    return undefined;
  }
}

/** The PDF as the relying party submitted it, refused unless it is the one the challenge names (SHA-256 and size). */
export async function signingDocument(request: PendingSigning): Promise<Uint8Array> {
  const wallet = await deviceWallet();
  const serial = wallet.device.serial;
  const pdf = await getBytes(`/sign/devices/${encodeURIComponent(serial)}/requests/${encodeURIComponent(request.id)}/document?${await signedRead(wallet, documentRead(request.id))}`);
  const digest = [...(await sha256(pdf))].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (digest !== request.document.sha256 || pdf.length !== request.document.bytes) throw refusal('document-mismatch', 'signing.document-mismatch');
  return pdf;
}

export function signingExpired(request: PendingSigning, now = new Date()): boolean {
  return new Date(request.expires_at) <= now;
}

/**
 * The signed answer: approving sends the PIN's proof and the signing key's signature of the signed
 * attributes; declining sends neither. A wrong PIN is counted by the platform (403 pin-wrong with the
 * attempts left, then 423 pin-blocked) and the request stays pending with a fresh challenge.
 */
export async function answerSigning(request: PendingSigning, decision: 'approve' | 'deny', pin?: string): Promise<SigningOutcome> {
  if (signingExpired(request)) throw refusal('request-expired', 'signing.expired');
  const wallet = await deviceWallet();
  const approve = decision === 'approve';
  const signingKey = approve ? await loadSigningKey(wallet.device.serial) : undefined;
  if (approve && !signingKey) throw refusal('no-signing-key', 'signing.no-key');
  const unsigned: UnsignedDeviceAnswer = {
    v: DEVICE_PROTOCOL_VERSION,
    challenge: request.challenge,
    device: wallet.device.serial,
    decision,
    ...(approve && signingKey && pin !== undefined
      ? { pin_proof: await pinProof(wallet.civil_number, pin), document_signature: await documentSignature(signingKey, request.signedAttributes) }
      : {}),
  };
  const signature = await deviceSignature(wallet.privateKey, answerSigningBytes(unsigned));
  return postJson<SigningOutcome>('/sign/devices/answers', { ...unsigned, signature });
}

/** The DER of a PEM certificate. */
function pemBody(pem: string): Uint8Array {
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
