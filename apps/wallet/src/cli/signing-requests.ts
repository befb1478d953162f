import { createHash, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { checkSignedAttributes, decodeChallenge, deviceReadSigningBytes, signedAttributesOf, toBase64url, DEVICE_PROTOCOL_VERSION, ProtocolFormatError, type SigningContext } from '@theqa/device-protocol';
import type { Bilingual } from '@theqa/kernel';
import { answerChallenge, pinProof } from './device-key';
import type { PlatformClient } from './platform-client';
import { openWalletKeys } from './unsealing';
import type { WalletState } from './wallet-home';
import { WalletError } from './wallet-error';

/** A document waiting for this person's signature, as the wallet shows it: everything from the signed challenge. */
export interface PendingSigning {
  id: string;
  relying_party: Bilingual;
  document: SigningContext['document'];
  reason?: string;
  /** The code computed here from what the signing key would sign; the relying party's page shows the same. */
  code: string;
  level: string;
  expires_at: string;
  /** The challenge as sent: what an answer signs. */
  challenge: string;
  signed_attributes: Buffer;
}

export interface SigningAnswer {
  id: string;
  status: string;
  signed_sha256?: string;
  relying_party: Bilingual;
  document: SigningContext['document'];
  code: string;
}

/** What the device signs to read its signing requests (apps/signing's SIGNING_REQUESTS_READ). */
const SIGNING_REQUESTS_READ = 'signing-requests';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The pending signing requests of this device, newest first; the PIN opens the key that signs the read. */
export async function listSigningRequests(client: PlatformClient, wallet: WalletState, pin: string): Promise<PendingSigning[]> {
  const { deviceKey } = await openWalletKeys(client, wallet, pin);
  return readPending(client, wallet, deviceKey);
}

/**
 * Signs (or declines) the pending request whose code is `code`. The code is the wallet's own, from the
 * signed attributes it is about to sign, so a matching code means the wallet signs the document the
 * relying party's page describes. The signing key signs the signed attributes; the device key signs
 * the answer that carries that signature and the PIN's proof (checked and counted by the platform).
 */
export async function answerSigningRequest(client: PlatformClient, wallet: WalletState, options: { code: string; pin: string; deny?: boolean }): Promise<SigningAnswer> {
  const code = options.code.trim().toUpperCase();
  const { deviceKey, signingKey } = await openWalletKeys(client, wallet, options.pin);
  if (!signingKey && !options.deny) throw new WalletError('this wallet has no signing key: upgrade the identity to HIGH in the self-service portal first', 'no-signing-key');
  const matching = (await readPending(client, wallet, deviceKey)).filter((request) => request.code === code);
  if (matching.length === 0) throw new WalletError(`no pending signing request has the code ${code} (see "wallet sign --pending")`, 'signing-request-unknown', { document_code: code });
  if (matching.length > 1) throw new WalletError(`${matching.length} pending signing requests have the code ${code}: decline them and ask for new ones`, 'signing-code-ambiguous', { document_code: code });
  const [request] = matching;
  const documentSignature = options.deny || !signingKey ? undefined : toBase64url(sign('sha256', request.signed_attributes, { key: signingKey, dsaEncoding: 'der' }));
  const { answer } = answerChallenge({
    payload: request.challenge,
    deviceSerial: wallet.device.serial,
    privateKey: deviceKey,
    decision: options.deny ? 'deny' : 'approve',
    pinProof: options.deny ? undefined : pinProof(wallet.civil_number, options.pin),
    documentSignature,
  });
  const result = await client.post<{ id: string; status: string; signed_sha256?: string }>('/sign/devices/answers', answer);
  return { ...result, relying_party: request.relying_party, document: request.document, code: request.code };
}

async function readPending(client: PlatformClient, wallet: WalletState, deviceKey: KeyObject): Promise<PendingSigning[]> {
  const serial = wallet.device.serial;
  const read = { v: DEVICE_PROTOCOL_VERSION, device: serial, after: SIGNING_REQUESTS_READ, at: new Date().toISOString() } as const;
  const signature = toBase64url(sign('sha256', deviceReadSigningBytes(read), { key: deviceKey, dsaEncoding: 'ieee-p1363' }));
  const { requests } = await client.get<{ requests: Array<{ id: string; level: string; expires_at: string; challenge: string }> }>(
    `/sign/devices/${encodeURIComponent(serial)}/requests?at=${encodeURIComponent(read.at)}&signature=${encodeURIComponent(signature)}`,
  );
  const pending: PendingSigning[] = [];
  const certificateSha256 = wallet.signing && sha256(new X509Certificate(wallet.signing.certificate).raw);
  for (const listed of requests) {
    const shown = await fromChallenge(listed.challenge, serial, certificateSha256);
    // The list's id must be the challenge's: the wallet shows and signs only what the challenge says.
    if (shown && shown.context.request === listed.id) {
      pending.push({ id: listed.id, relying_party: shown.context.relying_party, document: shown.context.document, reason: shown.context.reason, code: shown.context.code, level: listed.level, expires_at: listed.expires_at, challenge: listed.challenge, signed_attributes: shown.signedAttributes });
    }
  }
  return pending;
}

/**
 * The challenge's signing request, or nothing when it is not one for this device, its code is not its
 * own, or what it asks to sign is not PAdES signed attributes naming this wallet's signing certificate
 * (so the signing key never signs other bytes).
 */
async function fromChallenge(payload: string, serial: string, certificateSha256: Buffer | undefined): Promise<{ context: SigningContext; signedAttributes: Buffer } | undefined> {
  try {
    const challenge = decodeChallenge(payload);
    if (challenge.purpose !== 'signing' || challenge.device !== serial || !challenge.signing) return undefined;
    const signedAttributes = Buffer.from(await signedAttributesOf(challenge.signing, sha256));
    if (certificateSha256) checkSignedAttributes(signedAttributes, certificateSha256);
    return { context: challenge.signing, signedAttributes };
  } catch (error) {
    if (error instanceof ProtocolFormatError) return undefined;
    throw error;
  }
}
